// A horizontal bar chart in plain DOM: one row per item, its label above (on
// a phone) or beside (wider) its bar; a bar may be one length, stacked parts
// or a group of thin bars. Screen readers get a summary (`role="img"`) and
// everyone can open the numbers as a table.

/**
 * @typedef {object} ChartPart
 * @property {string} key colour class suffix (a sector, a response kind)
 * @property {string} label
 * @property {number} percent
 * @property {string} [value] printed number (grouped bars)
 * @property {string} [text] printed inside a stacked part, when it fits
 */

/**
 * @typedef {object} ChartRow
 * @property {string} id
 * @property {string} label
 * @property {string} value printed at the end of the bar
 * @property {number} [percent] a single bar
 * @property {ChartPart[]} [segments] stacked parts
 * @property {ChartPart[]} [bars] grouped bars
 * @property {boolean} [highlight] the winner, say
 */

/**
 * @param {object} props
 * @param {string} props.caption
 * @param {ChartRow[]} props.rows
 * @param {string} props.summary the numbers in one sentence, for `aria-label`
 * @param {string[]} props.headers table header cells
 * @param {Array<Array<string>>} props.table table rows (first cell is the row header)
 * @param {Array<{key: string, label: string}>} [props.legend]
 * @param {string} props.tableLabel «Ver los números»
 * @param {string} [props.className]
 */
export function BarChart({ caption, rows, summary, headers, table, legend, tableLabel, className = "" }) {
  return (
    <figure class={`chart ${className}`}>
      <figcaption class="chart-caption">{caption}</figcaption>
      {legend && legend.length > 0 && (
        <ul class="chart-legend" aria-hidden="true">
          {legend.map((item) => (
            <li key={item.key}>
              <span class={`chart-swatch seg--${item.key}`} />
              {item.label}
            </li>
          ))}
        </ul>
      )}
      <div class="chart-rows" role="img" aria-label={summary}>
        {rows.map((row) => (
          <div class={`chart-row${row.highlight ? " chart-row--highlight" : ""}`} key={row.id}>
            <span class="chart-label">{row.label}</span>
            {row.bars ? (
              <span class="chart-group">
                {row.bars.map((bar) => (
                  <span class="chart-group-row" key={bar.key}>
                    <span class="chart-track chart-track--thin">
                      <span class={`chart-bar seg--${bar.key}`} style={{ width: `${bar.percent}%` }} />
                    </span>
                    <span class="chart-value chart-value--small">
                      {bar.label}: {bar.value}
                    </span>
                  </span>
                ))}
              </span>
            ) : (
              <span class="chart-bar-line">
                <span class="chart-track">
                  {row.segments ? (
                    row.segments.map((segment) => (
                      <span
                        key={segment.key}
                        class={`chart-bar chart-segment seg--${segment.key}`}
                        style={{ width: `${segment.percent}%` }}
                      >
                        {segment.text}
                      </span>
                    ))
                  ) : (
                    <span class="chart-bar" style={{ width: `${row.percent || 0}%` }} />
                  )}
                </span>
                <span class="chart-value">{row.value}</span>
              </span>
            )}
          </div>
        ))}
      </div>
      <details class="chart-table">
        <summary>{tableLabel}</summary>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                {headers.map((header, index) => (
                  <th key={index} scope="col">
                    {header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.map((cells, index) => (
                <tr key={index}>
                  {cells.map((cell, column) =>
                    column === 0 ? (
                      <th key={column} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={column}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
