// `miglab schema`: the ScenarioSpec JSON Schema, for editors and other tools.
import type { Command } from 'commander'

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario spec files')
    .action(async () => {
      // Loaded here, so the other commands start without the schema library.
      const { scenarioJsonSchema } = await import('../../engine/scenario/json-schema')
      console.log(JSON.stringify(scenarioJsonSchema(), null, 2))
    })
}
