/**
 * The bus when no server is given: topics inside one process. A publish reaches every current
 * subscriber of the topic synchronously, in publish order; nothing is kept for later
 * subscribers, exactly like a live feed joined late.
 */
export class InProcessBus<T = unknown> {
  private readonly topics = new Map<string, Set<(message: T) => void>>();

  subscribe(topic: string, handler: (message: T) => void): () => void {
    let set = this.topics.get(topic);
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  publish(topic: string, message: T): void {
    const set = this.topics.get(topic);
    if (set) for (const h of [...set]) h(message);
  }
}
