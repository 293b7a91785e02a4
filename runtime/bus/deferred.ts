/** A promise with its settle functions (Promise.withResolvers arrives in Node 22). */
export class Deferred<T> {
  readonly promise: Promise<T>;
  resolve: (value: T) => void = () => undefined;
  reject: (error: unknown) => void = () => undefined;
  constructor() {
    // The executor runs synchronously, replacing the placeholders above before anyone can call them.
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }
}
