// Transport state is part of the kernel state a move carries: each TCP control block the process
// still owns at the freeze travels with its PCB and open files (MODELS.md §0, "Process state").

import { describe, expect, it } from 'vitest'
import { TCB_BYTES } from '../../src/engine/proc/process'
import { simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from '../sim/fixtures'

describe('kernel state moved', () => {
  it('counts the PCB, open files and the TCBs the architecture keeps', () => {
    const spec = interactiveSpec({ duration: '12s' })
    const pcbAndFiles = 16 * 1024 + 8 * 256
    // "none" closes the process's connections at the freeze: nothing of them moves.
    const none = simulate(spec, job('none', 'eager-all'))
    expect(none.migrations[0].bytes.kernel).toBe(pcbAndFiles)
    // LAN address takeover keeps the connection (and adds no state of its own): its TCB moves.
    const kept = simulate(spec, job('arp-takeover', 'eager-all'))
    expect(kept.status, kept.error).toBe('ok')
    expect(kept.migrations[0].bytes.kernel).toBe(pcbAndFiles + TCB_BYTES)
    expect(kept.summary['connection.reconnects']).toBe(0)
  })
})
