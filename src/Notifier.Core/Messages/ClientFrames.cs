using System.Text.Encodings.Web;
using System.Text.Json;
using Notifier.Core.History;

namespace Notifier.Core.Messages;

/// <summary>The frames the server answers a client's message with, as compact JSON text.</summary>
/// <remarks>
/// <c>{"type":"pong"}</c>, <c>{"type":"whoami",...}</c>, <c>{"type":"subscribed","topic":...}</c>,
/// <c>{"type":"unsubscribed","topic":...}</c>, <c>{"type":"resumed","streams":...}</c>, and
/// <c>{"type":"error","message":...}</c>; an error about a subscribe or unsubscribe also names the <c>action</c>
/// and (when it was a string) the <c>topic</c>, and one about a resume names the <c>action</c> and, when it
/// refuses one stream, the <c>stream</c>, so a client can match it to its request.
/// </remarks>
public static class ClientFrames
{
    private static readonly JsonWriterOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Pong() => Frame(writer => writer.WriteString("type", "pong"));

    public static string WhoAmI(string connectionId, string userId) => Frame(writer =>
    {
        writer.WriteString("type", "whoami");
        writer.WriteString("connectionId", connectionId);
        writer.WriteString("userId", userId);
    });

    /// <summary><c>{"type":"subscribed","topic":...}</c> or <c>{"type":"unsubscribed","topic":...}</c>.</summary>
    public static string Confirmed(string type, string topic) => Frame(writer =>
    {
        writer.WriteString("type", type);
        writer.WriteString("topic", topic);
    });

    /// <summary>An error frame, <c>{"type":"error","message":...}</c>.</summary>
    public static string Error(string message) => Error(null, null, message);

    /// <summary>An error frame naming the action and topic it answers, when known.</summary>
    public static string Error(string? action, string? topic, string message) => Frame(writer =>
    {
        writer.WriteString("type", "error");
        if (action is not null)
        {
            writer.WriteString("action", action);
        }

        if (topic is not null)
        {
            writer.WriteString("topic", topic);
        }

        writer.WriteString("message", message);
    });

    /// <summary>The end of a resume, after its notifications: <c>{"type":"resumed","streams":{"user:alice":{"last":47,"complete":true}}}</c>.</summary>
    public static string Resumed(IReadOnlyList<ResumedStream> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        return Frame(writer =>
        {
            writer.WriteString("type", "resumed");
            writer.WriteStartObject("streams");
            foreach (var stream in streams)
            {
                writer.WriteStartObject(stream.Stream);
                writer.WriteNumber("last", stream.Last);
                writer.WriteBoolean("complete", stream.Complete);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>A resume's refusal of one stream: <c>{"type":"error","action":"resume","stream":...,"message":...}</c>.</summary>
    public static string StreamError(string stream, string message) => Frame(writer =>
    {
        writer.WriteString("type", "error");
        writer.WriteString("action", ClientMessage.ResumeAction);
        writer.WriteString("stream", stream);
        writer.WriteString("message", message);
    });

    private static string Frame(Action<Utf8JsonWriter> writeProperties) => JsonText.Write(
        writer =>
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        },
        WriteOptions);
}
