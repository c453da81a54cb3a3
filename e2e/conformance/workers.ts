/**
 * Conformance cases of workers and message channels: `Worker` (a URL string or object, options, module type,
 * messages, `terminate`, `self.close()` inside, a script that fails to load, an error thrown inside),
 * `SharedWorker` (port messages, close, a failed load) and `MessageChannel` ports (what starts a port, `close`,
 * transfer to a worker). The worker scripts are e2e/pages/worker-echo.js and e2e/pages/shared-echo.js.
 */
import { def, type ConformanceCase } from './harness.ts';

export const workerCases: ConformanceCase[] = [
  def('Worker: messages from a classic and a module worker, by URL string and URL object, then terminate', async (h) => {
    const classic = new Worker('/worker-echo.js', { name: 'classic' });
    const module = new Worker(new URL('/worker-echo.js', location.href), { type: 'module', name: 'module' });
    // One log per worker: the two answer in either order.
    const log: Record<string, unknown[]> = { classic: [], module: [] };
    const ready = Promise.all([h.next(classic, 'message'), h.next(module, 'message')]);
    const readies = (await ready).map((e) => (e === 'timeout' ? e : ((e as MessageEvent).data as unknown)));
    classic.onmessage = (e) => log.classic!.push(e.data);
    module.addEventListener('message', (e) => log.module!.push(e.data));
    const replies = Promise.all([h.next(classic, 'message'), h.next(module, 'message')]);
    classic.postMessage({ n: 1 });
    module.postMessage([2, 'two']);
    await replies;
    const terminated = [h.err(() => classic.terminate()), h.err(() => classic.terminate()), h.err(() => classic.postMessage('after'))];
    module.terminate();
    return {
      readies,
      log,
      terminated,
      instance: [
        classic instanceof Worker,
        classic instanceof EventTarget,
        Object.getPrototypeOf(module) === Worker.prototype,
        classic.constructor === Worker,
      ],
      onmessage: typeof classic.onmessage,
      onerror: classic.onerror,
    };
  }),

  def('Worker: the options are read as natively (getters, bad type) and bad URLs throw natively', (h) => {
    const reads: string[] = [];
    const options = {
      get type() {
        reads.push('type');
        return 'classic' as WorkerType;
      },
      get name() {
        reads.push('name');
        return 'n';
      },
      get credentials() {
        reads.push('credentials');
        return 'same-origin' as RequestCredentials;
      },
    };
    const made: Worker[] = [];
    const out = [
      h.err(() => made.push(new Worker('/worker-echo.js', options))),
      h.err(() => new (Worker as unknown as new () => Worker)()),
      h.err(() => new Worker('http://[')),
      h.err(() => new Worker('/worker-echo.js', { type: 'bogus' as WorkerType })),
      h.err(() => made.push(new Worker({ toString: () => (reads.push('toString'), '/worker-echo.js') } as unknown as string))),
    ];
    for (const w of made) w.terminate();
    return { out, reads };
  }),

  def('Worker: a script that fails to load fires one plain, trusted error Event', async (h) => {
    const worker = new Worker('/missing-worker.js');
    const log: string[] = [];
    worker.onerror = (e) => log.push(`onerror:${e.constructor.name}:${e.isTrusted}`);
    worker.addEventListener('error', (e) => log.push(`listener:${e.constructor.name}:${e instanceof ErrorEvent}:${e.cancelable}`));
    await h.next(worker, 'error');
    await h.wait(50);
    return { log, terminate: h.err(() => worker.terminate()) };
  }),

  def('Worker: an error thrown inside fires an ErrorEvent and the worker goes on answering', async (h) => {
    const worker = new Worker('/worker-echo.js');
    await h.next(worker, 'message');
    const error = h.next(worker, 'error');
    worker.postMessage('throw');
    const e = (await error) as ErrorEvent;
    e.preventDefault();
    const reply = h.next(worker, 'message');
    worker.postMessage('still there?');
    const answered = (await reply) as MessageEvent;
    worker.terminate();
    return {
      type: e.constructor.name,
      message: e.message,
      file: new URL(e.filename).pathname,
      line: e.lineno,
      answered: answered.data as unknown,
    };
  }),

  def('Worker: self.close() inside ends the worker; it answers no more and terminate() still works', async (h) => {
    const worker = new Worker('/worker-echo.js');
    await h.next(worker, 'message');
    worker.postMessage('close');
    worker.postMessage('after close');
    const after = await h.next(worker, 'message', 300);
    return { after: after === 'timeout' ? after : (after as MessageEvent).data, terminate: h.err(() => worker.terminate()) };
  }),

  def('Worker and MessagePort methods look native (terminate, postMessage, start, close, onmessage)', (h) => ({
    terminate: h.desc(Worker.prototype, 'terminate'),
    postMessage: h.desc(Worker.prototype, 'postMessage'),
    start: h.desc(MessagePort.prototype, 'start'),
    close: h.desc(MessagePort.prototype, 'close'),
    portPostMessage: h.desc(MessagePort.prototype, 'postMessage'),
    onmessage: h.desc(MessagePort.prototype, 'onmessage'),
    sharedPort: h.desc(SharedWorker.prototype, 'port'),
    badThis: [
      h.err(() => Worker.prototype.terminate.call({})),
      h.err(() => MessagePort.prototype.close.call({})),
      h.err(() => MessagePort.prototype.start.call(1)),
    ],
  })),

  def('SharedWorker: messages on its port (onmessage starts it), a second connection, close', async (h) => {
    const a = new SharedWorker('/shared-echo.js', 'conformance');
    const b = new SharedWorker('/shared-echo.js', { name: 'conformance' });
    const log: Record<string, unknown[]> = { a: [], b: [] };
    a.port.onmessage = (e) => log.a!.push(e.data);
    b.port.addEventListener('message', (e) => log.b!.push(e.data));
    b.port.start();
    const replies = Promise.all([h.next(a.port, 'message'), h.next(b.port, 'message')]);
    a.port.postMessage(1);
    b.port.postMessage(2);
    await replies;
    const closed = [h.err(() => a.port.close()), h.err(() => a.port.close()), h.err(() => a.port.postMessage('after'))];
    b.port.close();
    return { log, closed, port: a.port instanceof MessagePort, same: a.port === a.port, instance: a instanceof SharedWorker };
  }),

  def('SharedWorker: a script that fails to load fires a plain error Event', async (h) => {
    const worker = new SharedWorker('/missing-shared.js');
    const event = await h.next(worker, 'error');
    return { type: event === 'timeout' ? event : event.constructor.name, bad: h.err(() => new SharedWorker('http://[')) };
  }),

  def('MessageChannel: onmessage and start() start a port, addEventListener alone does not, close() ends delivery', async (h) => {
    const log: string[] = [];
    const listened = new MessageChannel();
    listened.port1.addEventListener('message', (e) => log.push(`listened:${e.data}`));
    listened.port2.postMessage('first');
    const early = await h.next(listened.port1, 'message', 200);
    listened.port1.start();
    await h.next(listened.port1, 'message');
    const handled = new MessageChannel();
    handled.port1.onmessage = (e) => log.push(`handled:${e.data}`);
    const got = h.next(handled.port1, 'message');
    handled.port2.postMessage('second');
    await got;
    const closed = new MessageChannel();
    closed.port1.onmessage = (e) => log.push(`closed:${e.data}`);
    closed.port1.close();
    closed.port2.postMessage('lost');
    const afterClose = await h.next(closed.port1, 'message', 200);
    return {
      log,
      early: early === 'timeout' ? early : 'message',
      afterClose: afterClose === 'timeout' ? afterClose : 'message',
      again: [h.err(() => closed.port1.close()), h.err(() => closed.port2.close()), h.err(() => closed.port1.start())],
      distinct: handled.port1 !== handled.port2,
      same: handled.port1 === handled.port1,
      onmessage: typeof handled.port1.onmessage,
    };
  }),

  def('MessageChannel: a port transferred to a worker talks to it; the transferred port cannot be sent twice', async (h) => {
    const worker = new Worker('/worker-echo.js');
    await h.next(worker, 'message');
    const channel = new MessageChannel();
    const log: unknown[] = [];
    channel.port1.onmessage = (e) => log.push(e.data);
    const ready = h.next(channel.port1, 'message');
    worker.postMessage('port', [channel.port2]);
    await ready;
    const reply = h.next(channel.port1, 'message');
    channel.port1.postMessage('hi');
    await reply;
    const twice = h.err(() => worker.postMessage('again', [channel.port2]));
    const self = h.err(() => channel.port1.postMessage('x', [channel.port1]));
    channel.port1.close();
    worker.terminate();
    return { log, twice, self };
  }),
];
