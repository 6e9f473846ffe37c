import { formatBytes } from '../../amplify/core/bytes';
import { storageClassNames } from './storageClassNames';
import { formatUsd } from './formatUsd';
import { useCostFollowingQuota } from './useCostFollowingQuota';

/**
 * Renders the member's estimated monthly storage cost, with a breakdown by
 * storage class and the date of the prices behind it.
 */
export function CostSummary() {
  const { cost, error } = useCostFollowingQuota();
  if (error) {
    return (
      <p role="alert" className="text-sm text-red-700">
        The monthly cost could not be estimated: {error.message}
      </p>
    );
  }
  if (!cost) {
    return <p className="text-sm text-stone-600">Estimating monthly cost…</p>;
  }
  const { estimate, prices } = cost;

  return (
    <details className="text-sm sm:w-64">
      <summary className="cursor-pointer">
        About{' '}
        <span aria-label="Estimated monthly cost">
          {formatUsd(estimate.monthlyUsd)}
        </span>{' '}
        a month
      </summary>
      <table className="mt-1 w-full text-left">
        <caption className="sr-only">Estimated monthly cost by class</caption>
        <thead className="text-stone-600">
          <tr>
            <th scope="col">Class</th>
            <th scope="col">Stored</th>
            <th scope="col" className="text-right">
              Per month
            </th>
          </tr>
        </thead>
        <tbody>
          {estimate.byClass.map((row) => (
            <tr key={row.storageClass}>
              <th scope="row" className="font-normal">
                {storageClassNames[row.storageClass]}
              </th>
              <td>
                {formatBytes(row.bytes)} ({row.fileCount})
              </td>
              <td className="text-right">{formatUsd(row.monthlyUsd)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-stone-600">
        Estimate from {prices.region} list prices of {prices.takenOn}
        {prices.isOverridden ? ', some set by the household' : ''}. Files in the
        trash count too.
      </p>
    </details>
  );
}
