// The ECharts parts the figures use. The app registers these with echarts/core in the renderer
// (`echarts.use([...FIGURE_ECHARTS_PARTS, SVGRenderer])`) and the SVG export registers the same
// ones, so both draw a figure with exactly the same code.

import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components'

export const FIGURE_ECHARTS_PARTS = [
  BarChart,
  LineChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  LegendComponent,
  TitleComponent,
]
