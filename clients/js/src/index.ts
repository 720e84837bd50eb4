export { NotifierClient } from "./notifierClient.js";
export { ReconnectPolicy, type ReconnectPolicyOptions } from "./reconnectPolicy.js";
export type { NetworkStatus, Timers } from "./environment.js";
export type {
  ConnectionState, MessageMeta, NotifierClientOptions, NotifierError, NotifierEvents, SocketConstructor, SocketLike, StreamGap, StreamStorage,
  TokenReason, WhoAmI,
} from "./options.js";
