// The report library's public surface (Node: the service and the CLI). The renderer imports
// figure builders, figure-model.ts and echarts-option.ts directly, not this file, because the
// PDF path here needs Node.
export { echartsOption } from './echarts-option'
export { FIGURE_ECHARTS_PARTS } from './echarts-parts'
export type { Artefact, FigureFormat, ReportOptions, TableFormat, TableKind } from './export'
export { exportFigure, exportTable, renderFigure, writeReport } from './export'
export type { FigureModel } from './figure-model'
export type { FigureRequest } from './figure-requests'
export { buildFigure, standardFigureRequests } from './figure-requests'
export type { Provenance } from './provenance'
export { provenanceOf } from './provenance'
export type { StudyResults } from './study-results'
export type { PaperStyle, PaperStyleId } from './style'
export { DOUBLE_COLUMN, PAPER_STYLES, SINGLE_COLUMN } from './style'
