// React access to the lab service: the client chosen at start-up, and what every view needs from
// it once (the catalog of architectures and mechanisms, the app's versions).
import { createContext, useContext } from 'react'
import type { AppInfo, Catalog } from '../../../service/api'
import type { LabClient } from './client'

export interface Lab extends LabClient {
  info: AppInfo
  catalog: Catalog
}

export const LabContext = createContext<Lab | null>(null)

export function useLab(): Lab {
  const lab = useContext(LabContext)
  if (!lab) throw new Error('useLab outside the lab provider')
  return lab
}
