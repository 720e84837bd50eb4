using Microsoft.AspNetCore.Http;
using Notifier.Local.Gateway;

namespace Notifier.Local.Tests.Gateway;

public sealed class HandshakeQueryTests
{
    [Theory]
    [InlineData("?token=abc", true)]
    [InlineData("?token=&token=abc", true)]
    [InlineData("?other=1&token=abc%2Bdef", true)]
    [InlineData("", false)]
    [InlineData("?", false)]
    [InlineData("?token=", false)]
    [InlineData("?token", false)]
    [InlineData("?token=&token=", false)]
    [InlineData("?tokens=abc", false)]
    public void HasToken_OnlyForANonEmptyTokenValue(string queryString, bool expected)
    {
        Assert.Equal(expected, HandshakeQuery.Of(Request(queryString)).HasToken);
    }

    [Fact]
    public void Values_KeepEveryValueInOrder_Decoded()
    {
        var query = HandshakeQuery.Of(Request("?token=a%2Bb&token=c&x=1"));

        Assert.Equal(2, query.Values["token"].Count);
        Assert.Equal("a+b,c", query.Values["token"].ToString());
        Assert.Equal("1", query.Values["x"].ToString());
    }

    [Fact]
    public void Of_LeavesTheRequestsQueryFeatureUnbuilt()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?token=abc");

        HandshakeQuery.Of(context.Request);

        Assert.Null(context.Features.Get<Microsoft.AspNetCore.Http.Features.IQueryFeature>());
    }

    private static HttpRequest Request(string queryString)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(queryString);
        return context.Request;
    }
}
