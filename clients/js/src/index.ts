export { NotifierClient } from "./notifierClient.js";
export { ReconnectPolicy, type ReconnectPolicyOptions } from "./reconnectPolicy.js";
export type { NetworkStatus, Timers } from "./environment.js";
export type {
  ConnectionState, NotifierClientOptions, NotifierError, NotifierEvents, SocketConstructor, SocketLike, TokenReason, WhoAmI,
} from "./options.js";
