// `miglab schema`: the ScenarioSpec JSON Schema, for editors and other tools.
import type { Command } from 'commander'
import { scenarioJsonSchema } from '../../engine/scenario/json-schema'

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario spec files')
    .action(() => {
      console.log(JSON.stringify(scenarioJsonSchema(), null, 2))
    })
}
