using Notifier.Core.Configuration;
using Notifier.Functions.Hosting;
using Notifier.Testing.Logging;

namespace Notifier.Functions.Tests.Handlers;

public sealed class FunctionCatalogTests
{
    private static FunctionCatalog Catalog(params (string Name, string Value)[] settings)
    {
        var map = settings.ToDictionary(s => s.Name, s => s.Value);
        return new FunctionCatalog(new SettingsReader(map.GetValueOrDefault), new CapturingLoggerProvider().CreateFactory());
    }

    [Theory]
    [InlineData("authorizer")]
    [InlineData("connect")]
    [InlineData("disconnect")]
    [InlineData("DEFAULT")]
    public void Create_KnownName_BuildsThatFunction(string name)
    {
        var function = Catalog(("NOTIFIER_JWT_SECRET", new string('s', 32))).Create(name);

        Assert.Equal(name.ToLowerInvariant(), function.Name);
    }

    [Fact]
    public void Create_UnknownName_NamesHandlerSettingAndChoices()
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Catalog().Create("publish-everything"));

        Assert.Equal("_HANDLER", error.SettingName);
        Assert.Contains("authorizer, connect, disconnect, default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateFromHandlerSetting_Missing_NamesHandlerSetting()
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Catalog().CreateFromHandlerSetting());

        Assert.Equal("_HANDLER", error.SettingName);
    }

    [Fact]
    public void Create_AuthorizerWithoutSecret_NamesSecretSetting()
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Catalog().Create("authorizer"));

        Assert.Equal("NOTIFIER_JWT_SECRET", error.SettingName);
    }

    [Fact]
    public void Create_ConnectInLambdaWithoutTable_NamesTableSetting()
    {
        var error = Assert.Throws<NotifierConfigurationException>(
            () => Catalog(("AWS_LAMBDA_FUNCTION_NAME", "notifier-connect")).Create("connect"));

        Assert.Equal("NOTIFIER_TABLE_NAME", error.SettingName);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("disconnect")]
    [InlineData("publish")]
    public void Create_TopicFunctionInLambdaWithoutTopicsTable_NamesTopicsTableSetting(string function)
    {
        var error = Assert.Throws<NotifierConfigurationException>(
            () => Catalog(("AWS_LAMBDA_FUNCTION_NAME", "notifier-" + function), ("NOTIFIER_TABLE_NAME", "connections")).Create(function));

        Assert.Equal("NOTIFIER_TOPICS_TABLE_NAME", error.SettingName);
    }

    [Fact]
    public void Create_ConnectInLambdaWithoutTopicsTable_IsFine()
    {
        var function = Catalog(("AWS_LAMBDA_FUNCTION_NAME", "notifier-connect"), ("NOTIFIER_TABLE_NAME", "connections"), ("AWS_REGION", "us-east-1")).Create("connect");

        Assert.Equal("connect", function.Name);
    }

    [Fact]
    public void Create_BadOriginList_NamesOriginSetting()
    {
        var error = Assert.Throws<NotifierConfigurationException>(() => Catalog(
            ("NOTIFIER_JWT_SECRET", new string('s', 32)), ("NOTIFIER_ALLOWED_ORIGINS", "app.example.com/path")).Create("authorizer"));

        Assert.Equal("NOTIFIER_ALLOWED_ORIGINS", error.SettingName);
    }
}
