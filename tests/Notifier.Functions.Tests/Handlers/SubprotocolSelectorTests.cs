using Notifier.Functions.Handlers;

namespace Notifier.Functions.Tests.Handlers;

public sealed class SubprotocolSelectorTests
{
    [Theory]
    [InlineData("", "notifier.v1, json")]
    [InlineData("", "json, chat, notifier.v1")]
    [InlineData("", "notifier.v1")]
    [InlineData("json", "json, notifier.v1")]
    [InlineData("json,mqtt", "mqtt, json, notifier.v1")]
    public void Choose_NotifierV1Offered_IsChosen_WhateverTheList(string supported, string header)
    {
        var selector = new SubprotocolSelector(supported.Length == 0 ? [] : supported.Split(','));

        Assert.Equal("notifier.v1", selector.Choose(header));
    }

    [Theory]
    [InlineData("", "json, chat", "json")]
    [InlineData("chat", "json, chat", "chat")]
    [InlineData("mqtt", "json, chat", null)]
    [InlineData("", "  ", null)]
    [InlineData("", "notifier.v2", "notifier.v2")]
    public void Choose_NotifierV1NotOffered_KeepsTheConfiguredRule(string supported, string header, string? expected)
    {
        var selector = new SubprotocolSelector(supported.Length == 0 ? [] : supported.Split(','));

        Assert.Equal(expected, selector.Choose(header));
    }

    [Fact]
    public void Choose_NameDiffersInCase_IsNotNotifierV1()
    {
        Assert.Null(new SubprotocolSelector(["json"]).Choose("Notifier.V1"));
    }
}
