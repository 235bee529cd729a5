// Monaco, bundled and offline (STACK.md §2), in its slim form: the editor core, its standard
// features and only the TypeScript language, with both workers built by Vite (`?worker`). Loaded
// lazily by the script editor, so the rest of the app starts without the 10 MB TypeScript worker.
import 'monaco-editor/features/register.all'
import 'monaco-editor/languages/definitions/typescript/register'
import * as monaco from 'monaco-editor/editor'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import * as typescript from 'monaco-editor/languages/features/typescript/register'
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker'

self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker()
  },
}

typescript.typescriptDefaults.setCompilerOptions({
  target: typescript.ScriptTarget.ES2020,
  module: typescript.ModuleKind.ESNext,
  moduleResolution: typescript.ModuleResolutionKind.NodeJs,
  strict: true,
  noEmit: true,
  // The sandbox has no DOM and no Node: only the language's own library is there.
  lib: ['es2020'],
})

export { monaco, typescript }
