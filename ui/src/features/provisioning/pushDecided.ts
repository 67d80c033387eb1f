// Within this window: a push an admin sent or rejected in Provisioning, announced to the auto-push notice so it stops
// saying that push waits for review. (A push decided from the command line is not announced; History has it.)
const eventName = "roster:push-decided";

export function announcePushDecided(pushId: number) {
  window.dispatchEvent(new CustomEvent<number>(eventName, { detail: pushId }));
}

/** Same shape as the app-event subscriptions, so `useAppEvent` can hold it. */
export function onPushDecided(handler: (pushId: number) => void): Promise<() => void> {
  const listener = (event: Event) => handler((event as CustomEvent<number>).detail);
  window.addEventListener(eventName, listener);
  return Promise.resolve(() => window.removeEventListener(eventName, listener));
}
