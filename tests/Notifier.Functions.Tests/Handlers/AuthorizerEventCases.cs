using System.Text;
using Notifier.Testing;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>Named authorizer events on which the event reader must agree with deserializing <c>WebSocketAuthorizerRequest</c>.</summary>
internal static class AuthorizerEventCases
{
    private const string Arn = "arn:aws:execute-api:us-east-1:123456789012:abcdef1234/prod/$connect";

    public static readonly IReadOnlyDictionary<string, Func<byte[]>> Cases = new Dictionary<string, Func<byte[]>>
    {
        ["Sample_AsShipped"] = () => Sample(),
        ["Sample_WithToken"] = () => Sample("eyJ.sample.token"),
        ["Token_SingleOnly"] = () => Event("""{"queryStringParameters":{"token":"a"}}"""),
        ["Token_MultiOnly"] = () => Event("""{"multiValueQueryStringParameters":{"token":["a"]}}"""),
        ["Token_MultiOnly_TwoValues"] = () => Event("""{"multiValueQueryStringParameters":{"token":["a","b"]}}"""),
        ["Token_MultiOnly_ThreeValues"] = () => Event("""{"multiValueQueryStringParameters":{"token":["a","b","c"]},"queryStringParameters":{"token":"b"}}"""),
        ["Token_Both_Same"] = () => Event("""{"queryStringParameters":{"token":"a"},"multiValueQueryStringParameters":{"token":["a"]}}"""),
        ["Token_Both_Different"] = () => Event("""{"queryStringParameters":{"token":"s"},"multiValueQueryStringParameters":{"token":["m"]}}"""),
        ["Token_Both_SameButEscapedInOne"] = () => Event("""{"queryStringParameters":{"token":"\u0061b"},"multiValueQueryStringParameters":{"token":["ab"]}}"""),
        ["Token_Multi_Duplicates"] = () => Event("""{"multiValueQueryStringParameters":{"token":["a","a"]},"queryStringParameters":{"token":"a"}}"""),
        ["Token_Multi_NullElements"] = () => Event("""{"multiValueQueryStringParameters":{"token":[null,"a",null]}}"""),
        ["Token_Multi_Empty_SingleSet"] = () => Event("""{"multiValueQueryStringParameters":{"token":[]},"queryStringParameters":{"token":"s"}}"""),
        ["Token_Multi_Null_SingleNull"] = () => Event("""{"multiValueQueryStringParameters":{"token":null},"queryStringParameters":{"token":null}}"""),
        ["Token_EmptyAndWhitespace"] = () => Event("""{"multiValueQueryStringParameters":{"token":["", " "]},"queryStringParameters":{"token":""}}"""),
        ["Token_NameIsCaseSensitive"] = () => Event("""{"queryStringParameters":{"Token":"a","TOKEN":"b"},"multiValueQueryStringParameters":{"Token":["c"]}}"""),
        ["Token_OtherParametersAround"] = () => Event("""{"queryStringParameters":{"a":"1","token":"t","z":"2"},"multiValueQueryStringParameters":{"a":["1","2"],"token":["t"],"z":null}}"""),
        ["Token_DuplicateKey_Single_LastWins"] = () => Event("""{"queryStringParameters":{"token":"a","token":"b"}}"""),
        ["Token_DuplicateKey_Multi_LastWins"] = () => Event("""{"multiValueQueryStringParameters":{"token":["a","b"],"token":["c"]}}"""),
        ["Token_DuplicateKey_Multi_LastNull"] = () => Event("""{"multiValueQueryStringParameters":{"token":["a"],"token":null},"queryStringParameters":{"token":"s"}}"""),
        ["Token_DuplicateMap_LastWins"] = () => Event("""{"queryStringParameters":{"token":"a"},"queryStringParameters":{"other":"b"}}"""),
        ["Token_DuplicateMultiMap_LastWins"] = () => Event("""{"multiValueQueryStringParameters":{"token":["a"]},"multiValueQueryStringParameters":{"token":["b"]}}"""),
        ["Token_MapsNull"] = () => Event("""{"queryStringParameters":null,"multiValueQueryStringParameters":null}"""),
        ["Token_EscapedName"] = () => Event("""{"queryStringParameters":{"to\u006ben":"a"}}"""),
        ["Token_EscapedValue"] = () => Event("""{"queryStringParameters":{"token":"a\u002eb\"c"}}"""),
        ["Header_LowerCase"] = () => Event("""{"headers":{"origin":"https://o","authorization":"Bearer x"}}"""),
        ["Header_UpperCase_MultiOnly"] = () => Event("""{"multiValueHeaders":{"ORIGIN":["https://o"],"AUTHORIZATION":["Bearer x"]}}"""),
        ["Header_MultiValueHeadersOnly"] = () => Event("""{"multiValueHeaders":{"Origin":["https://a","https://b"],"Authorization":["Bearer x","Bearer y"]}}"""),
        ["Header_HeadersOnly"] = () => Event("""{"headers":{"Origin":"https://o","Authorization":"Bearer x"}}"""),
        ["Header_MultiWinsOverSingle"] = () => Event("""{"headers":{"Origin":"https://single"},"multiValueHeaders":{"Origin":["https://multi"]}}"""),
        ["Header_MultiAllNull_SingleUsed"] = () => Event("""{"headers":{"Origin":"https://single"},"multiValueHeaders":{"Origin":[null],"origin":[]}}"""),
        ["Header_TwoCaseVariants_FirstWins"] = () => Event("""{"headers":{"Origin":"https://a","origin":"https://b"}}"""),
        ["Header_TwoCaseVariants_FirstNull"] = () => Event("""{"headers":{"Origin":null,"origin":"https://b"}}"""),
        ["Header_DuplicateKey_KeepsFirstPosition"] = () => Event("""{"headers":{"Origin":"https://a","origin":"https://b","Origin":"https://c"}}"""),
        ["Header_DuplicateKey_LastNull"] = () => Event("""{"headers":{"Origin":"https://a","origin":"https://b","Origin":null}}"""),
        ["Header_Multi_DuplicateKey_LastEmpty"] = () => Event("""{"multiValueHeaders":{"origin":["https://a"],"ORIGIN":["https://b"],"origin":[]}}"""),
        ["Header_Multi_ThreeVariants"] = () => Event("""{"multiValueHeaders":{"oRIGIN":[null],"Origin":null,"origin":["https://c"],"ORIGIN":["https://d"]}}"""),
        ["Header_DuplicateMap_LastWins"] = () => Event("""{"headers":{"Origin":"https://a"},"headers":{"Host":"h"}}"""),
        ["Header_MapsNull"] = () => Event("""{"headers":null,"multiValueHeaders":null}"""),
        ["Header_EscapedName"] = () => Event("""{"headers":{"\u004frigin":"https://o","Authorizatio\u006E":"Bearer x"}}"""),
        ["Header_DotlessI_OrdinalIgnoreCase"] = () => Event("""{"headers":{"Orıgin":"https://dotless","Authorızatıon":"Bearer dotless"}}"""),
        ["Header_NonAsciiOtherNames"] = () => Event("""{"headers":{"X-Ünïcödé":"v","Origin":"https://o"}}"""),
        ["Header_LongName"] = () => Event("{\"headers\":{\"" + new string('O', 200) + "\":\"x\",\"Origin\":\"https://o\"}}"),
        ["MethodArn_Missing"] = () => Encoding.UTF8.GetBytes("""{"queryStringParameters":{"token":"a"}}"""),
        ["MethodArn_Null"] = () => Encoding.UTF8.GetBytes("""{"methodArn":null}"""),
        ["MethodArn_Empty"] = () => Encoding.UTF8.GetBytes("""{"methodArn":""}"""),
        ["MethodArn_DuplicateKey_LastWins"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:first","methodArn":"arn:second"}"""),
        ["MethodArn_DuplicateKey_LastNull"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:first","methodArn":null}"""),
        ["MethodArn_CaseVariantIgnored"] = () => Encoding.UTF8.GetBytes("""{"MethodArn":"arn:upper"}"""),
        ["RequestContext_DuplicateObject_LastWins"] = () => Event("""{"requestContext":{"connectionId":"c1"},"requestContext":{"stage":"prod"}}"""),
        ["RequestContext_Null"] = () => Event("""{"requestContext":null}"""),
        ["UnknownFields_Skipped"] = () => Event("""{"extra":{"a":[1,{"b":[true,false,null]}],"c":1.5e3},"stageVariables":{"s":"v"}}"""),
        ["Whitespace_Around"] = () => Encoding.UTF8.GetBytes("  \n{\"methodArn\" : \"arn:x\" }\r\n "),
        ["Nesting_Depth31_Skipped"] = () => Event("{\"extra\":" + Nested(30) + "}"),
        ["Malformed_Empty"] = () => [],
        ["Malformed_Whitespace"] = () => Encoding.UTF8.GetBytes("   "),
        ["Malformed_NullLiteral"] = () => Encoding.UTF8.GetBytes("null"),
        ["Malformed_Array"] = () => Encoding.UTF8.GetBytes("[]"),
        ["Malformed_String"] = () => Encoding.UTF8.GetBytes("\"arn:x\""),
        ["Malformed_Truncated"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:x","headers":{"""),
        ["Malformed_TrailingContent"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:x"} x"""),
        ["Malformed_SecondObject"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:x"}{}"""),
        ["Malformed_TrailingComma"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:x",}"""),
        ["Malformed_Comment"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:x" /* c */}"""),
        ["Malformed_SingleQuotes"] = () => Encoding.UTF8.GetBytes("{'methodArn':'arn:x'}"),
        ["Malformed_Nesting_Depth33"] = () => Event("{\"extra\":" + Nested(32) + "}"),
        ["Malformed_Nesting_5000"] = () => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000)),
        ["Malformed_LoneSurrogateEscape_InMethodArn"] = () => Encoding.UTF8.GetBytes("""{"methodArn":"arn:\ud800"}"""),
        ["WrongType_MethodArnNumber"] = () => Encoding.UTF8.GetBytes("""{"methodArn":42}"""),
        ["WrongType_MethodArnObject"] = () => Encoding.UTF8.GetBytes("""{"methodArn":{"a":"b"}}"""),
        ["WrongType_TokenNumber"] = () => Event("""{"queryStringParameters":{"token":42}}"""),
        ["WrongType_OtherQueryValueNumber"] = () => Event("""{"queryStringParameters":{"page":2,"token":"a"}}"""),
        ["WrongType_MultiTokenString"] = () => Event("""{"multiValueQueryStringParameters":{"token":"a"}}"""),
        ["WrongType_MultiTokenElementObject"] = () => Event("""{"multiValueQueryStringParameters":{"token":["a",{}]}}"""),
        ["WrongType_QueryMapArray"] = () => Event("""{"queryStringParameters":["token","a"]}"""),
        ["WrongType_HeaderNumber"] = () => Event("""{"headers":{"Origin":1}}"""),
        ["WrongType_OtherHeaderBoolean"] = () => Event("""{"headers":{"X-Flag":true,"Origin":"https://o"}}"""),
        ["WrongType_MultiHeaderString"] = () => Event("""{"multiValueHeaders":{"Origin":"https://o"}}"""),
        ["WrongType_MultiHeaderNestedArray"] = () => Event("""{"multiValueHeaders":{"Host":[["h"]]}}"""),
        ["WrongType_HeadersString"] = () => Event("""{"headers":"Origin: https://o"}"""),
        ["WrongType_RequestContextArray"] = () => Event("""{"requestContext":[]}"""),
        ["WrongType_ConnectionIdNumber"] = () => Event("""{"requestContext":{"connectionId":7}}"""),
    };

    public static TheoryData<string> Names => new(Cases.Keys);

    /// <summary><c>events/authorizer.json</c>, with its token placeholder replaced when <paramref name="token"/> is given.</summary>
    public static byte[] Sample(string? token = null)
    {
        var text = File.ReadAllText(RepositoryPaths.Combine("events", "authorizer.json"));
        return Encoding.UTF8.GetBytes(token is null ? text : text.Replace("REPLACE_WITH_TOKEN", token, StringComparison.Ordinal));
    }

    /// <summary>An event with a methodArn and a connection id, then the properties of <paramref name="json"/> (an object).</summary>
    private static byte[] Event(string json) => Encoding.UTF8.GetBytes(
        $$"""{"methodArn":"{{Arn}}","requestContext":{"connectionId":"conn-1"},{{json[1..]}}""");

    /// <summary>Objects nested <paramref name="depth"/> deep: <c>{"a":{"a":...1}}</c>.</summary>
    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
