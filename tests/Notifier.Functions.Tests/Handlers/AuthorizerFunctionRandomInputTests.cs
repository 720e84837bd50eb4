using System.Text.Json;
using System.Text.RegularExpressions;
using Notifier.Functions.Handlers;
using Xunit.Abstractions;

namespace Notifier.Functions.Tests.Handlers;

/// <summary>10,000 seeded random authorizer events: never an Allow without the genuine token, never an exception, never a secret in the logs.</summary>
public sealed partial class AuthorizerFunctionRandomInputTests(ITestOutputHelper output)
{
    /// <summary>Change it to explore; a failure names the seed and the event's index so it can be replayed.</summary>
    private const int Seed = 8_1130;
    private const int Events = 10_000;

    [Fact]
    public async Task InvokeAsync_TenThousandRandomEvents_AllowOnlyTheGenuineToken_AndLogNothingSecret()
    {
        var fixture = new FunctionFixture();
        var authorizer = fixture.Catalog.Create("authorizer");
        var generator = new RandomAuthorizerEvents(Seed);
        var subjects = new List<string>();
        var verdicts = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var i = 0; i < Events; i++)
        {
            var generated = generator.Next();
            var verdict = Verdict(await authorizer.InvokeAsync(generated.Payload).WaitAsync(TimeSpan.FromSeconds(10)), out var principal);
            verdicts[verdict] = verdicts.GetValueOrDefault(verdict) + 1;
            var context = $"seed {Seed}, event {i}";
            if (generated.MustAllow)
            {
                Assert.True(verdict == "Allow", $"{context}: a valid event was answered {verdict}");
            }

            if (verdict == "Allow")
            {
                Assert.True(generated.MayAllow, $"{context}: allowed without a genuine token and origin");
                Assert.True(principal == generated.Subject, $"{context}: allowed as {principal}, the token was {generated.Subject}");
            }

            if (generated.Subject is not null)
            {
                subjects.Add(generated.Subject);
            }
        }

        output.WriteLine($"seed {Seed}: {Events} events; " + string.Join(", ", verdicts.Select(v => $"{v.Key}: {v.Value}")));
        var logs = fixture.Logs.Lines;
        Assert.True(logs.Count >= Events, $"{logs.Count} log lines for {Events} events");
        Assert.DoesNotContain(logs, line => JwtShape().IsMatch(line) || line.Contains("token=", StringComparison.OrdinalIgnoreCase));
        var subjectSet = subjects.ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(logs, line => SubjectShape().Matches(line).Any(match => subjectSet.Contains(match.Value)));
    }

    /// <summary>Allow, Deny or Unauthorized; anything else (another error, a malformed answer) fails the test.</summary>
    private static string Verdict(Notifier.Functions.Runtime.FunctionResult result, out string? principal)
    {
        principal = null;
        if (!result.IsSuccess)
        {
            Assert.Equal(AuthorizerFunction.UnauthorizedError, result.ErrorType);
            return "Unauthorized";
        }

        using var policy = JsonDocument.Parse(result.Response!);
        principal = policy.RootElement.GetProperty("principalId").GetString();
        return policy.RootElement.GetProperty("policyDocument").GetProperty("Statement")[0].GetProperty("Effect").GetString()!;
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.")]
    private static partial Regex JwtShape();

    [GeneratedRegex(@"subject-[0-9a-f]{8}")]
    private static partial Regex SubjectShape();
}
