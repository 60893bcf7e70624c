import type { FastifyPluginCallback } from 'fastify';
import type { HttpRecorder } from './http-recorder.ts';

/**
 * A Fastify plugin that times every request of the whole app. The route label is the matched
 * template (`request.routeOptions.url`); the 404 handler has none, so those requests share
 * the unmatched value.
 */
export function createFastifyPlugin(recorder: HttpRecorder): FastifyPluginCallback {
  const plugin: FastifyPluginCallback = (app, _options, done) => {
    app.addHook('onRequest', (request, reply, next) => {
      if (!recorder.isExcluded(request.url)) {
        recorder.track(request.raw, reply.raw, () => request.routeOptions.url);
      }
      next();
    });
    done();
  };
  // What fastify-plugin does, without the dependency: skip encapsulation so the hook is added to
  // the parent context and applies app-wide, not only inside this plugin.
  Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: '@salvo/instrument',
  });
  return plugin;
}
