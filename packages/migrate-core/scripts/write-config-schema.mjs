// Writes migrate.config.schema.json (the JSON Schema that services' migrate.config.json point at) from the
// zod schema the CLI validates with, so editors and the engine agree. Runs after every build.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { serviceConfigSchema } from '../dist/config/service-config-schema.js';

const target = new URL('../migrate.config.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(z.toJSONSchema(serviceConfigSchema, { io: 'input' }), null, 2)}\n`);
