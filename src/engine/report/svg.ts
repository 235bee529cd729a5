// Figure model -> SVG, through ECharts server-side rendering. The output is deterministic: the
// same model and style give the same bytes, in the CLI and in the app's service alike, because
//  - zrender numbers each chart instance ("zr0-", "zr1-", ...) and its CSS classes from global
//    counters; we rename those ids to ones derived from the figure id (which also keeps ids of
//    several figures inlined in one HTML report apart);
//  - the hover-only CSS classes and <style> zrender adds for interactivity are removed, with the
//    SSR hydration attributes (ecmeta_*), as a paper figure has no hover;
//  - sizes are written in points (width="252pt"), one SVG unit per point, so the figure has the
//    paper style's physical size wherever it is placed.
// Provenance goes into <title>, <desc> and <metadata>.

import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { echartsOption } from './echarts-option'
import { FIGURE_ECHARTS_PARTS } from './echarts-parts'
import { layoutFigure } from './figure-layout'
import type { FigureModel } from './figure-model'
import { type Provenance, provenanceKeywords } from './provenance'
import type { PaperStyle } from './style'
import { escapeXml } from './xml'

echarts.use([...FIGURE_ECHARTS_PARTS, SVGRenderer])

/** The namespace of MigLab's provenance element inside SVG <metadata>. */
export const PROVENANCE_NAMESPACE = 'urn:miglab:provenance:1'

export function figureSvg(model: FigureModel, style: PaperStyle): string {
  const layout = layoutFigure(model, style)
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: layout.width, height: layout.height })
  try {
    chart.setOption(echartsOption(model, style))
    const raw = chart.renderToSVGString({ useViewBox: true })
    return withProvenance(
      normaliseSvg(raw, model.id, layout.width, layout.height),
      model.title,
      model.caption,
      model.provenance,
    )
  } finally {
    chart.dispose()
  }
}

/** Removes zrender's interactivity residue and makes ids a function of `prefix` only. */
export function normaliseSvg(svg: string, prefix: string, width: number, height: number): string {
  const ids = new Map<string, string>()
  return svg
    .replace(/<style\s*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/ class="[^"]*"/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/\bzr\d+-([a-z]+)(\d+)\b/g, (whole, kind: string) => {
      let id = ids.get(whole)
      if (id === undefined) {
        id = `${prefix}-${kind}${ids.size}`
        ids.set(whole, id)
      }
      return id
    })
    .replace(/^<svg width="[^"]*" height="[^"]*"/, `<svg width="${width}pt" height="${height}pt"`)
}

/** Inserts <title>, <desc> and <metadata> right after the root element's start tag. */
export function withProvenance(svg: string, title: string, caption: string, provenance: Provenance): string {
  const start = svg.indexOf('>', svg.indexOf('<svg')) + 1
  const head =
    `\n<title>${escapeXml(title)}</title>\n<desc>${escapeXml(`${caption} ${provenanceKeywords(provenance)}`)}</desc>\n` +
    `<metadata><miglab:provenance xmlns:miglab="${PROVENANCE_NAMESPACE}">${escapeXml(JSON.stringify(provenance))}</miglab:provenance></metadata>`
  return svg.slice(0, start) + head + svg.slice(start)
}
