import { createServerApp } from './app.ts';
import { ConfigError, loadConfig } from './config/config.ts';
import { createLogger } from './logging/logger.ts';
import { openDatabase } from './persistence/open-database.ts';
import { DEMO_PASSWORD, seedDemo } from './persistence/seed.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  log.info({ database: db.kind }, 'database ready');
  if (config.seedDemo && (await seedDemo(db, config.acdDefaults))) {
    log.info('seeded the demo: queues support and sales; agents alice and bob; supervisor sara; admin adam');
  }
  const app = await createServerApp({ config, db, log });
  const port = await app.listen();
  const base = `http://localhost:${port}`;
  console.log(
    [
      '',
      `Contact center running on ${base}`,
      `  Agent desktop   ${base}/agent/`,
      `  Console         ${base}/admin/`,
      `  Customer demo   ${base}/demo/`,
      ...(config.seedDemo
        ? [`  Demo sign-ins   alice, bob (agents), sara (supervisor), adam (admin); password "${DEMO_PASSWORD}"`]
        : []),
      '',
    ].join('\n'),
  );

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down: ending calls');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
