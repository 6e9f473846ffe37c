import type { MonthlySavings } from '../../amplify/core/api';
import { formatUsd } from '../costs/formatUsd';

const chartWidth = 600;
const chartHeight = 200;
const axisHeight = 20;
const barGap = 4;

const monthFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  timeZone: 'UTC',
});

/** Turns `2027-01` into the short month name, e.g. "Jan". */
function monthName(month: string): string {
  return monthFormat.format(new Date(`${month}-01T00:00:00Z`));
}

/**
 * Draws the next 12 months as SVG bar pairs: the bill if files stayed in
 * their upload class, and the bill with the lifecycle rules. A table with
 * the same numbers follows for screen readers and exact values.
 */
export function SavingsChart({
  savings,
}: {
  savings: readonly MonthlySavings[];
}) {
  const maxUsd = Math.max(
    ...savings.map((month) => month.withoutLifecycleUsd),
    0.000001,
  );
  const slot = chartWidth / Math.max(savings.length, 1);
  const barWidth = (slot - barGap * 2) / 2;
  const plotHeight = chartHeight - axisHeight;
  const heightOf = (usd: number) => (usd / maxUsd) * plotHeight;
  const totalSaved = savings.reduce((sum, month) => sum + month.savedUsd, 0);
  // Minimum durations and sizes can make the colder classes cost more
  // for small or young files, so the caption then names the extra cost.
  const verdict =
    totalSaved >= 0
      ? `save ${formatUsd(totalSaved)}`
      : `cost ${formatUsd(-totalSaved)} more`;

  return (
    <figure className="space-y-2">
      <figcaption className="font-medium">
        Over the next 12 months, the lifecycle rules {verdict}
      </figcaption>
      <svg
        viewBox={`0 0 ${chartWidth} ${chartHeight}`}
        className="h-auto w-full"
        aria-hidden="true"
      >
        {savings.map((month, index) => {
          const x = index * slot + barGap;
          const without = heightOf(month.withoutLifecycleUsd);
          const withRules = heightOf(month.withLifecycleUsd);

          return (
            <g key={month.month}>
              <rect
                x={x}
                y={plotHeight - without}
                width={barWidth}
                height={without}
                className="fill-stone-400"
              />
              <rect
                x={x + barWidth}
                y={plotHeight - withRules}
                width={barWidth}
                height={withRules}
                className="fill-amber-600"
              />
              <text
                x={x + barWidth}
                y={chartHeight - 4}
                textAnchor="middle"
                className="fill-stone-600 text-[10px]"
              >
                {monthName(month.month)}
              </text>
            </g>
          );
        })}
      </svg>
      <p className="flex gap-4 text-xs">
        <span>
          <span className="mr-1 inline-block h-2 w-3 bg-stone-400" />
          Without lifecycle rules
        </span>
        <span>
          <span className="mr-1 inline-block h-2 w-3 bg-amber-600" />
          With lifecycle rules
        </span>
      </p>
      <details className="text-sm">
        <summary className="cursor-pointer">Savings by month</summary>
        <table className="mt-1 w-full text-left">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Without rules</th>
              <th scope="col">With rules</th>
              <th scope="col">Saved</th>
            </tr>
          </thead>
          <tbody>
            {savings.map((month) => (
              <tr key={month.month}>
                <th scope="row" className="font-normal">
                  {month.month}
                </th>
                <td>{formatUsd(month.withoutLifecycleUsd)}</td>
                <td>{formatUsd(month.withLifecycleUsd)}</td>
                <td>{formatUsd(month.savedUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
