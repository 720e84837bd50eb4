using Notifier.Core.Topics;

namespace Notifier.Core.Messages;

/// <summary>Who sent a client message: the connection, its user and the topics its token allows.</summary>
public sealed record ClientCaller(string ConnectionId, string UserId, TopicGrants Grants);
