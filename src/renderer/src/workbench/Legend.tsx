// What the canvas's shapes and marks mean, in one line above it.
export function Legend(): React.JSX.Element {
  return (
    <ul className="legend" aria-label="Legend">
      <li>
        <span className="swatch cluster" /> cluster host
      </li>
      <li>
        <span className="swatch remote" /> remote
      </li>
      <li>
        <span className="swatch router" /> router
      </li>
      <li>
        <span className="swatch process" /> process
      </li>
      <li>
        <span className="swatch generated" /> from script
      </li>
      <li>
        <span className="swatch overridden" /> changed by script
      </li>
      <li>
        <span className="swatch invalid" /> problem
      </li>
    </ul>
  )
}
