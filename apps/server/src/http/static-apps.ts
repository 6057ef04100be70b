import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The built web apps: agent desktop at /agent/, console at /admin/, the demo customer
 * page at /demo/ and the widget script at /widget.js. A missing build is a clear 503.
 */
export async function registerStaticApps(
  app: FastifyInstance,
  roots: { agent: string; admin: string; widget: string },
): Promise<void> {
  const mounts = [
    { prefix: '/agent/', root: roots.agent },
    { prefix: '/admin/', root: roots.admin },
    { prefix: '/demo/', root: join(roots.widget, 'demo') },
  ];
  let decorate = true;
  for (const { prefix, root } of mounts) {
    if (!existsSync(root)) {
      app.get(`${prefix}*`, async (_req, reply) =>
        reply.status(503).type('text/plain').send(`Not built yet: run the start script (missing ${root}).`),
      );
      continue;
    }
    await app.register(fastifyStatic, { root, prefix, decorateReply: decorate, index: ['index.html'] });
    decorate = false;
  }
  app.get('/widget.js', async (_req, reply) => {
    const file = join(roots.widget, 'widget.js');
    if (!existsSync(file)) return reply.status(503).type('text/plain').send('Widget not built yet.');
    reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300');
    return reply.type('text/javascript; charset=utf-8').send(createReadStream(file));
  });
  app.get('/', async (_req, reply) => reply.redirect('/agent/'));
  for (const bare of ['/agent', '/admin', '/demo']) app.get(bare, async (_req, reply) => reply.redirect(`${bare}/`));
}
