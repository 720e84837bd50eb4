using System.Buffers;
using System.Text.Json;
using Notifier.Core.Configuration;
using Notifier.Core.Delivery;
using Notifier.Functions.Hosting;

namespace Notifier.Functions.Metrics;

/// <summary>
/// Writes each <see cref="DeliveryMetrics"/> as one CloudWatch Embedded Metric Format (EMF) line on the function's
/// output, from which CloudWatch Logs extracts the metrics: no PutMetricData call, no latency, no IAM permission.
/// </summary>
/// <remarks>
/// <para>The line has the shape AWS Lambda Powertools writes: an <c>_aws</c> member with <c>Timestamp</c> (Unix
/// milliseconds) and one metric directive (namespace <see cref="Namespace"/>, the one dimension set <c>[["Service"]]</c>,
/// each metric's name and unit), then the <c>Service</c> value and one member per metric at the top level.</para>
/// <para><c>Service</c> is the function's name (<c>AWS_LAMBDA_FUNCTION_NAME</c>, <c>notifier-{stage}-publish</c>), so
/// every stage has its own series, and an alarm names it with the same <c>Ref</c> as the function's own Lambda metrics.
/// Outside Lambda it is <see cref="DefaultService"/>.</para>
/// <para>Every record writes all seven metrics, zeros included, so a sum over a period counts every piece of work.
/// Lines go through the log lines' writer, so a metrics line is never cut by a log line.</para>
/// </remarks>
internal sealed class EmbeddedMetricsWriter : IDeliveryMetrics
{
    public const string Namespace = "Notifier";
    public const string ServiceDimension = "Service";
    public const string DefaultService = "notifier";
    public const string FunctionNameVariable = "AWS_LAMBDA_FUNCTION_NAME";

    /// <summary>The metrics in the order each line lists them, with their CloudWatch units.</summary>
    public static readonly IReadOnlyList<(string Name, string Unit)> Definitions =
    [
        ("Recipients", "Count"),
        ("Delivered", "Count"),
        ("Gone", "Count"),
        ("Throttled", "Count"),
        ("Failed", "Count"),
        ("Duration", "Milliseconds"),
        ("ShardsQueued", "Count"),
    ];

    private readonly IJsonLineWriter _output;
    private readonly string _service;
    private readonly TimeProvider _timeProvider;

    public EmbeddedMetricsWriter(IJsonLineWriter output, string service, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        _output = output;
        _service = service;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Service => _service;

    /// <summary>The <c>Service</c> dimension for these settings: the Lambda function's name, else <see cref="DefaultService"/>.</summary>
    public static string ServiceFrom(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Optional(FunctionNameVariable) ?? DefaultService;
    }

    public void Record(DeliveryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("_aws");
            writer.WriteNumber("Timestamp", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            writer.WriteStartArray("CloudWatchMetrics");
            writer.WriteStartObject();
            writer.WriteString("Namespace", Namespace);
            writer.WriteStartArray("Dimensions");
            writer.WriteStartArray();
            writer.WriteStringValue(ServiceDimension);
            writer.WriteEndArray();
            writer.WriteEndArray();
            writer.WriteStartArray("Metrics");
            foreach (var (name, unit) in Definitions)
            {
                writer.WriteStartObject();
                writer.WriteString("Name", name);
                writer.WriteString("Unit", unit);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();

            writer.WriteString(ServiceDimension, _service);
            writer.WriteNumber("Recipients", metrics.Recipients);
            writer.WriteNumber("Delivered", metrics.Delivered);
            writer.WriteNumber("Gone", metrics.Gone);
            writer.WriteNumber("Throttled", metrics.Throttled);
            writer.WriteNumber("Failed", metrics.Failed);
            // Microsecond precision is all a Lambda duration can use, and keeps the line short.
            writer.WriteNumber("Duration", Math.Round(metrics.Duration.TotalMilliseconds, 3));
            writer.WriteNumber("ShardsQueued", metrics.ShardsQueued);
            writer.WriteEndObject();
        }

        _output.WriteLine(buffer.WrittenSpan);
    }
}
