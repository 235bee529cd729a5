// The WebSocket transport to `miglab serve`. Calls made while the socket is (re)connecting wait
// for it; a dropped connection fails the calls in flight (their outcome is unknown) and is retried
// with a growing delay, so a restarted server is picked up without reloading the page.
import type { LabEvent } from '../../../service/api'
import type { LabMethod, WireCall, WireEvent, WireReply } from '../../../service/wire'
import { LabCallError } from './call-error'
import type { ConnectionState, LabChannel } from './channel'

interface Pending {
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
}

const MAX_RETRY_MS = 5000

export class WsChannel implements LabChannel {
  private socket: WebSocket | null = null
  private current: ConnectionState = 'connecting'
  private nextId = 1
  private retryMs = 250
  private readonly pending = new Map<number, Pending>()
  private readonly waiting: WireCall[] = []
  private readonly listeners = new Set<(e: LabEvent) => void>()
  private readonly stateListeners = new Set<(s: ConnectionState) => void>()

  constructor(private readonly url: string) {
    this.connect()
  }

  call(method: LabMethod, params: unknown[]): Promise<unknown> {
    const msg: WireCall = { id: this.nextId++, method, params }
    return new Promise((resolve, reject) => {
      this.pending.set(msg.id, { resolve, reject })
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(msg))
      else this.waiting.push(msg)
    })
  }

  listen(listener: (e: LabEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  state(): ConnectionState {
    return this.current
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener)
    return () => this.stateListeners.delete(listener)
  }

  private setState(s: ConnectionState): void {
    this.current = s
    for (const l of this.stateListeners) l(s)
  }

  private connect(): void {
    const socket = new WebSocket(this.url)
    this.socket = socket
    socket.onopen = () => {
      this.retryMs = 250
      this.setState('open')
      for (const msg of this.waiting.splice(0)) socket.send(JSON.stringify(msg))
    }
    socket.onmessage = (ev) => this.receive(String(ev.data))
    socket.onclose = () => {
      this.setState('closed')
      for (const [id, p] of this.pending) {
        if (this.waiting.some((w) => w.id === id)) continue
        p.reject(new LabCallError({ name: 'ConnectionLost', message: 'the connection to the lab service was lost' }))
        this.pending.delete(id)
      }
      setTimeout(() => {
        this.setState('connecting')
        this.connect()
      }, this.retryMs)
      this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2)
    }
  }

  private receive(text: string): void {
    const msg = JSON.parse(text) as WireReply | WireEvent
    if ('event' in msg) {
      for (const l of this.listeners) l(msg.event)
      return
    }
    const p = this.pending.get(msg.id)
    if (!p) return
    this.pending.delete(msg.id)
    if (msg.ok) p.resolve(msg.value)
    else p.reject(new LabCallError(msg.error))
  }
}
