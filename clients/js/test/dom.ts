// A DOM for react-dom in node (happy-dom). Import this before react-dom/client: react-dom decides at load
// time whether it runs in a browser.
import { Window } from "happy-dom";

const window = new Window();
for (const [name, value] of Object.entries({ window, document: window.document, navigator: window.navigator, IS_REACT_ACT_ENVIRONMENT: true })) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}
