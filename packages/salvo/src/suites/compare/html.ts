import { pageAssets } from '../../web/page/assets.ts';
import { escapeHtml } from '../../web/page/render-page.ts';
import type { CompareReport } from './compare-runs.ts';
import {
  changePointText,
  changeText,
  FIGURE_LABELS,
  figureValue,
  intervalText,
  pText,
} from './figures-text.ts';

/**
 * `salvo compare --out html=FILE`: the comparison as one static HTML file, in the report
 * page's styles (page.css) so the two look alike side by side; tables only, no script.
 */
export function renderCompareHtml(report: CompareReport): string {
  const { pageCss } = pageAssets();
  const verdictCard = report.regressed
    ? '<div class="card bad"><div class="label">verdict</div><div class="value">regressed</div></div>'
    : '<div class="card ok"><div class="label">verdict</div><div class="value">no regression</div></div>';
  const rules = report.rules;
  const body = [
    `<section class="panel"><h2>Comparison</h2><div class="cards">${verdictCard}`,
    `<div class="card"><div class="label">tolerance</div><div class="value">${(rules.tolerance * 100).toFixed(1)}%</div>`,
    `<div class="sub">errors ${(rules.errorTolerance * 100).toFixed(2)}pt, α ${rules.alpha}</div></div></div>`,
    '<p>Verdict: Mann-Whitney U on the per-second figures, with a bootstrap 95 % interval of the change in their median; ',
    'headline values from the whole-run HDR histograms.</p>',
    runsTable(report),
    '</section>',
    ...report.comparisons.map(comparisonSection),
    changePointsSection(report),
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="color-scheme" content="light dark">
<title>Salvo compare</title>
<style>${pageCss}</style>
</head>
<body>
<header class="top"><div class="title"><strong>Salvo</strong> compare</div></header>
<main>
${body}
</main>
</body>
</html>
`;
}

function runsTable(report: CompareReport): string {
  const rows = report.runs.map(
    (run, i) =>
      `<tr><td>${i === 0 ? 'baseline' : 'candidate'}</td><td class="text">${escapeHtml(run.label)}</td>` +
      `<td class="text">${escapeHtml(run.test)}</td><td class="text">${escapeHtml(run.startedAt)}</td>` +
      `<td>${(run.durationMs / 1000).toFixed(1)}s</td></tr>`,
  );
  return `<div class="scroll"><table><thead><tr><th>role</th><th class="text">run</th><th class="text">test</th><th class="text">started</th><th>duration</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function comparisonSection(comparison: CompareReport['comparisons'][number]): string {
  const rows = comparison.names.flatMap(({ name, figures }) =>
    figures.map((figure, i) => {
      const verdictClass =
        figure.verdict === 'regressed'
          ? ' class="bad-text"'
          : figure.verdict === 'improved'
            ? ' class="ok-text"'
            : '';
      return (
        `<tr><td class="name">${i === 0 ? escapeHtml(name) : ''}</td><td class="text">${FIGURE_LABELS[figure.figure]}</td>` +
        `<td>${figureValue(figure.figure, figure.baseline)}</td><td>${figureValue(figure.figure, figure.candidate)}</td>` +
        `<td>${changeText(figure.figure, figure.change)}</td><td>${escapeHtml(intervalText(figure))}</td>` +
        `<td>${pText(figure.pValue)}</td><td${verdictClass}>${figure.verdict}</td></tr>`
      );
    }),
  );
  const only = [
    comparison.onlyBaseline.length
      ? `<p>Only in the baseline: ${escapeHtml(comparison.onlyBaseline.join(', '))}</p>`
      : '',
    comparison.onlyCandidate.length
      ? `<p>Only in the candidate: ${escapeHtml(comparison.onlyCandidate.join(', '))}</p>`
      : '',
  ].join('');
  return (
    `<section class="panel"><h2>${escapeHtml(comparison.baseline)} → ${escapeHtml(comparison.candidate)}</h2>` +
    '<div class="scroll"><table><thead><tr><th class="text">name</th><th class="text">figure</th><th>baseline</th>' +
    '<th>candidate</th><th>change</th><th>95% interval</th><th>p</th><th>verdict</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table></div>${only}</section>`
  );
}

function changePointsSection(report: CompareReport): string {
  if (report.changePoints.length === 0) return '';
  const lists = report.changePoints.map(
    ({ run, points }) =>
      `<h3>${escapeHtml(run)}</h3><ul>${points.map((point) => `<li>${escapeHtml(changePointText(point))}</li>`).join('')}</ul>`,
  );
  return `<section class="panel"><h2>Change points</h2>${lists.join('')}</section>`;
}
