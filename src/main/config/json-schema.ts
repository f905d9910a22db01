import { z } from 'zod';
import { configDocument, configMeta } from './document';

/**
 * The JSON Schema of the configuration document, as committed in docs/config.schema.json.
 * Regenerate with `UPDATE_CONFIG_SCHEMA=1 npx vitest run tests/integration/config.test.ts`.
 */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configDocument, {
    target: 'draft-2020-12',
    io: 'input',
    metadata: configMeta,
    unrepresentable: 'any',
  });
  const withId = {
    $schema: schema.$schema,
    $id: 'https://junction.local/schemas/config.schema.json',
    title: 'Junction configuration',
    ...schema,
  };
  return `${JSON.stringify(withId, null, 2)}\n`;
}
