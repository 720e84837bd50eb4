using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Notifier.Functions.Json;

namespace Notifier.Functions.Tests.Json;

/// <summary>The scanner against <see cref="Utf8JsonReader"/>: the same verdict on every document, and the same strings.</summary>
public sealed class JsonScannerTests
{
    private const int MaxDepth = 32;

    public static TheoryData<string> Documents => new(
        "{}", "[]", "\"s\"", "0", "-0", "12", "-1.5e+3", "1E5", "1e-0", "true", "false", "null", " \t\r\n{} \n",
        "{\"a\":[1,{\"b\":null},\"c\"],\"d\":{}}", "[[],[[]],{}]", "{\"\":\"\"}",
        "01", "-", "1.", ".5", "1e", "1e+", "+1", "0x1", "1.5.5", "--1", "1 2",
        "tru", "nul", "truex", "True", "NULL", "nan",
        "{\"a\":1,}", "[1,]", "[,1]", "{,\"a\":1}", "{\"a\":1 \"b\":2}", "[1 2]", "{\"a\"}", "{\"a\":}", "{\"a\"::1}",
        "{1:2}", "{'a':1}", "{\"a\":1", "[1", "{\"a\":[}", "}", "]", "{]", "[}", "", " ", "{}{}", "{} x", "{}/",
        "{\"a\":1}//c", "/*c*/{}", "\f{}", "{}\u000b", "\u00a0{}",
        "\"a\\\"b\"", "\"\\\\\"", "\"\\/\\b\\f\\n\\r\\t\"", "\"\\u00e9\\uD83D\\uDE00\"", "\"\\uD800\"", "\"\\u12\"", "\"\\u12G4\"",
        "\"\\x\"", "\"\\\"", "\"a", "\"a\u0001b\"", "\"tab\tinside\"", "\"nl\ninside\"", "\"del\u007f\"", "\"ünï😀\"",
        "{\"k\\u0041\":1}", "{\"a\\\"\":\"\\\"\"}",
        Nested(MaxDepth), Nested(MaxDepth + 1), NestedObjects(MaxDepth), NestedObjects(MaxDepth + 1));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Scan_Document_SameVerdictAsUtf8JsonReader(string document)
    {
        var json = Encoding.UTF8.GetBytes(document);

        Assert.Equal(ReaderAccepts(json), ScannerAccepts(json));
    }

    [Fact]
    public void Scan_MutatedEvents_SameVerdictAsUtf8JsonReader()
    {
        var random = new Random(20261130);
        var samples = Directory.GetFiles(Notifier.Testing.RepositoryPaths.Combine("events"), "*.json").Select(File.ReadAllBytes).ToArray();
        var specials = "{}[],:\"\\ \n01-.eE+tfnu"u8.ToArray();
        var compared = 0;
        for (var i = 0; i < 6000; i++)
        {
            var json = Mutate(samples[i % samples.Length], random, specials);
            if (!Utf8.IsValid(json))
            {
                continue;
            }

            compared++;
            Assert.True(ReaderAccepts(json) == ScannerAccepts(json), $"Verdicts differ on: {Encoding.UTF8.GetString(json)}");
        }

        Assert.True(compared > 3000, $"only {compared} mutations were valid UTF-8");
    }

    [Theory]
    [InlineData("events/authorizer.json")]
    [InlineData("events/connect.json")]
    [InlineData("events/publish-http.json")]
    public void Scan_SampleEvent_YieldsTheReadersStrings(string path)
    {
        var json = File.ReadAllBytes(Notifier.Testing.RepositoryPaths.Combine(path.Split('/')));

        Assert.Equal(ReaderStrings(json), ScannerStrings(json));
    }

    [Fact]
    public void Scan_EscapedStrings_DecodeAsTheReaderDecodesThem()
    {
        var json = """{"k\u0041":"a\"b\\c\/d\b\f\n\r\t","\u00e9":["\uD83D\uDE00 ok","plain"]}"""u8.ToArray();

        var strings = ScannerStrings(json);

        Assert.Equal(ReaderStrings(json), strings);
        Assert.Equal(["kA", "a\"b\\c/d\b\f\n\r\t", "é", "😀 ok", "plain"], strings);
    }

    [Fact]
    public void JsonString_EqualsIgnoreCase_MatchesOrdinalIgnoreCase()
    {
        string[] names = ["Origin", "origin", "ORIGIN", "Orig", "Origins", "Or\\u0069gin", "Orıgin", "\\u004frigin", "Sec-WebSocket-Extensions", "Authorization"];
        foreach (var name in names)
        {
            var json = Encoding.UTF8.GetBytes($"\"{name}\"");
            var scanner = new JsonScanner(json, MaxDepth);
            Assert.True(scanner.TryReadString(out var value));
            var decoded = value.GetString(json);

            Assert.Equal(decoded.Equals("Origin", StringComparison.OrdinalIgnoreCase), value.EqualsIgnoreCase(json, "Origin"));
            Assert.Equal(decoded.Equals("Authorization", StringComparison.OrdinalIgnoreCase), value.EqualsIgnoreCase(json, "Authorization"));
        }
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static string NestedObjects(int depth) =>
        string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);

    private static byte[] Mutate(byte[] sample, Random random, byte[] specials)
    {
        var json = new List<byte>(sample);
        for (var edits = random.Next(1, 4); edits > 0 && json.Count > 0; edits--)
        {
            var at = random.Next(json.Count);
            var value = random.Next(4) == 0 ? (byte)random.Next(0x20, 0x7f) : specials[random.Next(specials.Length)];
            switch (random.Next(3))
            {
                case 0:
                    json[at] = value;
                    break;
                case 1:
                    json.Insert(at, value);
                    break;
                default:
                    json.RemoveAt(at);
                    break;
            }
        }

        return [.. json];
    }

    private static bool ScannerAccepts(byte[] json)
    {
        var scanner = new JsonScanner(json, MaxDepth);
        return scanner.TrySkipValue() && scanner.IsAtEnd();
    }

    private static bool ReaderAccepts(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<string> ReaderStrings(byte[] json)
    {
        var strings = new List<string>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String)
            {
                strings.Add(reader.GetString()!);
            }
        }

        return strings;
    }

    private static List<string> ScannerStrings(byte[] json)
    {
        var strings = new List<string>();
        var scanner = new JsonScanner(json, MaxDepth);
        Assert.True(CollectStrings(ref scanner, json, strings));
        Assert.True(scanner.IsAtEnd());
        return strings;
    }

    private static bool CollectStrings(ref JsonScanner scanner, byte[] json, List<string> strings)
    {
        JsonStep step;
        switch (scanner.Peek())
        {
            case (byte)'"':
                if (!scanner.TryReadString(out var value))
                {
                    return false;
                }

                strings.Add(value.GetString(json));
                return true;
            case (byte)'{':
                Assert.True(scanner.TryStartObject());
                while ((step = scanner.NextProperty(out var name)) == JsonStep.Item)
                {
                    strings.Add(name.GetString(json));
                    if (!CollectStrings(ref scanner, json, strings))
                    {
                        return false;
                    }
                }

                return step == JsonStep.End;
            case (byte)'[':
                Assert.True(scanner.TryStartArray());
                while ((step = scanner.NextItem()) == JsonStep.Item)
                {
                    if (!CollectStrings(ref scanner, json, strings))
                    {
                        return false;
                    }
                }

                return step == JsonStep.End;
            default:
                return scanner.TrySkipValue();
        }
    }
}
