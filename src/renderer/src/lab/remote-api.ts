// The typed LabApi over a channel: every method is a remote call with its arguments in order.
// Listing each method (rather than a Proxy) lets the compiler check that the client covers the
// whole contract whenever api.ts grows.
import type { LabApi } from '../../../service/api'
import type { LabMethod } from '../../../service/wire'
import type { LabChannel } from './channel'

/** An optional argument left out must not travel as JSON null (`listDir()` is not `listDir(null)`). */
function withoutTrailingUndefined(params: unknown[]): unknown[] {
  let n = params.length
  while (n > 0 && params[n - 1] === undefined) n--
  return params.slice(0, n)
}

export function labApiOver(channel: LabChannel): LabApi {
  const remote = <M extends LabMethod>(m: M): LabApi[M] =>
    ((...params: unknown[]) => channel.call(m, withoutTrailingUndefined(params))) as LabApi[M]
  return {
    info: remote('info'),
    catalog: remote('catalog'),
    examples: remote('examples'),
    listDir: remote('listDir'),
    createProject: remote('createProject'),
    openProject: remote('openProject'),
    copyExample: remote('copyExample'),
    saveProject: remote('saveProject'),
    autosave: remote('autosave'),
    discardAutosave: remote('discardAutosave'),
    recentProjects: remote('recentProjects'),
    compile: remote('compile'),
    typings: remote('typings'),
    startRun: remote('startRun'),
    cancelRun: remote('cancelRun'),
    runs: remote('runs'),
    listResults: remote('listResults'),
    getResult: remote('getResult'),
    analysis: remote('analysis'),
    timeline: remote('timeline'),
    tracePackets: remote('tracePackets'),
    runInfo: remote('runInfo'),
    runTraffic: remote('runTraffic'),
    figure: remote('figure'),
    resultsTable: remote('resultsTable'),
    export: remote('export'),
    subscribe: (listener) => channel.listen(listener),
  }
}
