// Start-up: pick the transport, wait for the lab service to answer, then show the app. A page
// opened without the service's token, or a service that does not answer, gets a page that says
// what to do rather than an empty window.
import { useEffect, useState } from 'react'
import { messageOf } from './lab/call-error'
import { createLabClient, type LabClient } from './lab/client'
import { type Lab, LabContext } from './lab/use-lab'
import { Shell } from './shell/Shell'
import { useTheme } from './shell/theme'

const choice = createLabClient()

function StartPage({ title, children }: { title: string; children: React.ReactNode }): React.JSX.Element {
  useTheme()
  return (
    <main className="start-page" data-testid="start-page">
      <img src="./favicon.svg" alt="" width={64} height={64} />
      <h1>{title}</h1>
      {children}
    </main>
  )
}

function Connect({ client }: { client: LabClient }): React.JSX.Element {
  const [lab, setLab] = useState<Lab | null>(null)
  const [error, setError] = useState<string | null>(null)
  // Calls wait while the socket retries; say so if the first attempt failed (server stopped, or a
  // page from an earlier start whose token is no longer valid).
  useEffect(
    () =>
      client.channel.onState((s) => {
        if (s === 'closed')
          setError(
            'Cannot reach the lab service. Is `miglab serve` still running? A restarted server has a new token: open the URL it printed.',
          )
      }),
    [client],
  )
  useEffect(() => {
    Promise.all([client.api.info(), client.api.catalog()]).then(
      ([info, catalog]) => setLab({ ...client, info, catalog }),
      (e) => setError(messageOf(e)),
    )
  }, [client])
  if (error && !lab) {
    return (
      <StartPage title="The lab service did not answer">
        <p>{error}</p>
        <button type="button" className="button primary" onClick={() => window.location.reload()}>
          Try again
        </button>
      </StartPage>
    )
  }
  if (!lab) {
    return (
      <StartPage title="MigLab">
        <p className="muted">Connecting to the lab service…</p>
      </StartPage>
    )
  }
  return (
    <LabContext.Provider value={lab}>
      <Shell />
    </LabContext.Provider>
  )
}

export function App(): React.JSX.Element {
  if (!choice.ok) {
    return (
      <StartPage title="Open MigLab from its own address">
        <p>{choice.reason}</p>
        <pre>npx miglab serve --root ~/studies</pre>
      </StartPage>
    )
  }
  return <Connect client={choice.client} />
}
