// Charts computed from history, from the baseline (the first applied import, whose people are not joiners) on:
// headcount after each applied import, and joiners and leavers per month, drawn
// with Chart.js. Each has a sentence that says what it shows, a legend in text, and a "Show as table" switch to
// the same numbers as a real table; colours are the change kinds' (joiners = new, leavers = deactivated).
// Chart.js rather than an SVG library built on d3 or decimal.js: those assign to properties Object.prototype
// already has (toString, constructor), which throws in the Tauri window, where freezePrototype is on.
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import type { BaselinePoint, HeadcountPoint, HistoryCharts as Charts, MonthFlow } from "../../ipc/bindings";
import { historyCharts } from "../../ipc/client";
import { countOf, formatCount } from "../../shared/formatCount";
import { formatDay } from "../../shared/relativeTime";
import { HistoryIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { formatMonth } from "./dates";

/** "Headcount 612 on 9 Mar 2026, up 14 since the baseline on 5 Jan 2026." */
export function headcountSummary(points: readonly HeadcountPoint[], baseline: BaselinePoint | null = null): string {
  if (points.length === 0) return "No import has been applied yet, so there is no headcount to show.";
  const last = points[points.length - 1];
  const first = points[0];
  const now = `Headcount ${formatCount(last.headcount)} on ${formatDay(last.date)}`;
  const isBaseline = baseline?.import_id === first.import_id;
  if (points.length === 1) return isBaseline ? `${now}, the baseline.` : `${now}, after the only applied import.`;
  const delta = last.headcount - first.headcount;
  const day = formatDay(first.date);
  const change =
    delta === 0
      ? `the same as ${isBaseline ? "at the baseline on" : "on"} ${day}`
      : `${delta > 0 ? "up" : "down"} ${formatCount(Math.abs(delta))} since ${isBaseline ? "the baseline on " : ""}${day}`;
  const low = Math.min(...points.map((p) => p.headcount));
  const high = Math.max(...points.map((p) => p.headcount));
  return `${now}, ${change}. Lowest ${formatCount(low)}, highest ${formatCount(high)} over ${formatCount(points.length)} applied imports.`;
}

/** "the 600 people already employed": who the baseline found, who are not joiners. */
function baselinePeople(baseline: BaselinePoint): string {
  return baseline.headcount === null
    ? "the people already employed"
    : `the ${countOf(baseline.headcount, "person", "people")} already employed`;
}

/**
 * "From Dec 2025 to Nov 2026: 48 joiners, 31 leavers and 3 rehires; most joiners in Sep 2026 (12)." (last 12 months),
 * then where the counting starts (the baseline).
 */
export function flowSummary(months: readonly MonthFlow[], baseline: BaselinePoint | null = null): string {
  const recent = months.slice(-12);
  const sum = (pick: (m: MonthFlow) => number) => recent.reduce((n, m) => n + pick(m), 0);
  const joiners = sum((m) => m.joiners);
  const leavers = sum((m) => m.leavers);
  const rehires = sum((m) => m.rehires);
  if (joiners + leavers + rehires === 0) {
    return baseline
      ? `No one has joined or left since the baseline on ${formatDay(baseline.date)}; ${baselinePeople(baseline)} then are not joiners.`
      : "No one has joined or left yet: applied imports with joiners or leavers show here.";
  }
  const busiest = recent.reduce((best, m) => (m.joiners > best.joiners ? m : best), recent[0]);
  const span = recent.length === 1 ? `In ${formatMonth(recent[0].month)}` : `From ${formatMonth(recent[0].month)} to ${formatMonth(recent[recent.length - 1].month)}`;
  const most = joiners > 0 ? `; most joiners in ${formatMonth(busiest.month)} (${formatCount(busiest.joiners)})` : "";
  return (
    `${span}: ${formatCount(joiners)} joiners, ${formatCount(leavers)} leavers and ` +
    `${formatCount(rehires)} ${rehires === 1 ? "rehire" : "rehires"}${most}.` +
    (baseline ? ` Counted from the baseline on ${formatDay(baseline.date)}: ${baselinePeople(baseline)} then are not joiners.` : "")
  );
}

Chart.register(BarController, BarElement, CategoryScale, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip);

/** A design token's current value (canvas cannot read CSS variables itself). */
function token(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || "#888";
}

type Series = { label: string; values: number[]; colour: string };

/** One Chart.js chart on a canvas, redrawn when its data or the theme changes. */
function CanvasChart({ kind, labels, series, summary }: { kind: "area" | "bars"; labels: string[]; series: Series[]; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [theme, setTheme] = useState(0);
  useEffect(() => {
    const seen = new MutationObserver(() => setTheme((n) => n + 1));
    seen.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "data-theme", "style"] });
    const media = typeof window.matchMedia === "function" ? window.matchMedia("(prefers-color-scheme: dark)") : null;
    const onMedia = () => setTheme((n) => n + 1);
    media?.addEventListener("change", onMedia);
    return () => {
      seen.disconnect();
      media?.removeEventListener("change", onMedia);
    };
  }, []);
  useEffect(() => {
    // No 2D context (a test DOM without canvas): the summary and the table still say it all.
    const testDom = navigator.userAgent.includes("jsdom");
    const context = testDom ? null : canvas.current?.getContext("2d");
    if (!canvas.current || !context) return;
    const muted = token("--color-text-muted");
    const grid = token("--color-border");
    const config: ChartConfiguration<"line" | "bar", number[], string> = {
      type: kind === "area" ? "line" : "bar",
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          borderColor: token(s.colour),
          backgroundColor: kind === "area" ? token("--color-accent-subtle") : token(s.colour),
          fill: kind === "area",
          pointRadius: 0,
          borderWidth: kind === "area" ? 2 : 0,
          tension: 0.25,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { grid: { display: false }, ticks: { color: muted, autoSkipPadding: 16, maxRotation: 0 }, border: { color: grid } },
          y: {
            beginAtZero: kind === "bars",
            grid: { color: grid },
            border: { display: false },
            ticks: { color: muted, precision: 0, callback: (v) => formatCount(Number(v)) },
          },
        },
        plugins: {
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${formatCount(Number(c.parsed.y))}` } },
        },
      },
    };
    const chart = new Chart(context, config);
    return () => chart.destroy();
  }, [kind, labels, series, theme]);
  return (
    <div className="chart-card__canvas">
      <canvas ref={canvas} role="img" aria-label={summary}>
        {summary}
      </canvas>
    </div>
  );
}

function ChartLegend({ series }: { series: Series[] }) {
  return (
    <ul className="chart-legend" data-testid="chart-legend">
      {series.map((s) => (
        <li key={s.label}>
          <span className="chart-legend__swatch" style={{ background: `var(${s.colour})` }} aria-hidden="true" />
          {s.label}
        </li>
      ))}
    </ul>
  );
}

type ChartCardProps = {
  title: string;
  summary: string;
  testId: string;
  chart: ReactNode;
  table: ReactNode;
};

function ChartCard({ title, summary, testId, chart, table }: ChartCardProps) {
  const headingId = useId();
  const summaryId = useId();
  const [asTable, setAsTable] = useState(false);
  return (
    <section className="section-card chart-card" aria-labelledby={headingId} data-testid={testId}>
      <div className="chart-card__head">
        <h3 id={headingId} className="section-card__title">
          {title}
        </h3>
        <button
          type="button"
          className="link-button"
          aria-pressed={asTable}
          onClick={() => setAsTable((v) => !v)}
          data-testid={`${testId}-toggle`}
        >
          {asTable ? "Show as chart" : "Show as table"}
        </button>
      </div>
      <p id={summaryId} className="chart-card__summary" data-testid={`${testId}-summary`}>
        {summary}
      </p>
      {asTable ? (
        <div className="chart-card__table" tabIndex={0} role="region" aria-labelledby={headingId} data-testid={`${testId}-table`}>
          {table}
        </div>
      ) : (
        <figure className="chart-card__chart" aria-labelledby={headingId} aria-describedby={summaryId}>
          {chart}
        </figure>
      )}
    </section>
  );
}

function HeadcountChart({ points, baseline }: { points: readonly HeadcountPoint[]; baseline: BaselinePoint | null }) {
  const labels = useMemo(() => points.map((p) => formatDay(p.date)), [points]);
  const series = useMemo<Series[]>(
    () => [{ label: "Headcount (active and on leave)", values: points.map((p) => p.headcount), colour: "--color-accent" }],
    [points],
  );
  const summary = headcountSummary(points, baseline);
  return (
    <ChartCard
      title="Headcount over time"
      summary={summary}
      testId="chart-headcount"
      chart={
        <>
          <CanvasChart kind="area" labels={labels} series={series} summary={summary} />
          <ChartLegend series={series} />
        </>
      }
      table={
        <table className="data-table chart-table">
          <caption className="visually-hidden">Headcount after each applied import</caption>
          <thead>
            <tr>
              <th scope="col">Planned day</th>
              <th scope="col" className="num">
                Import
              </th>
              <th scope="col" className="num">
                Headcount
              </th>
            </tr>
          </thead>
          <tbody>
            {[...points].reverse().map((p) => (
              <tr key={p.import_id}>
                <th scope="row">{formatDay(p.date)}</th>
                <td className="num">{formatCount(p.import_id)}</td>
                <td className="num">{formatCount(p.headcount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

function FlowsChart({ months, baseline }: { months: readonly MonthFlow[]; baseline: BaselinePoint | null }) {
  const labels = useMemo(() => months.map((m) => formatMonth(m.month)), [months]);
  const series = useMemo<Series[]>(
    () => [
      { label: "Joiners (new)", values: months.map((m) => m.joiners), colour: "--kind-new-fg" },
      { label: "Leavers (deactivated)", values: months.map((m) => m.leavers), colour: "--kind-deactivated-fg" },
      { label: "Rehires (reactivated)", values: months.map((m) => m.rehires), colour: "--kind-reactivated-fg" },
    ],
    [months],
  );
  const summary = flowSummary(months, baseline);
  return (
    <ChartCard
      title="Joiners, leavers and rehires per month"
      summary={summary}
      testId="chart-flows"
      chart={
        <>
          <CanvasChart kind="bars" labels={labels} series={series} summary={summary} />
          <ChartLegend series={series} />
        </>
      }
      table={
        <table className="data-table chart-table">
          <caption className="visually-hidden">Joiners, leavers and rehires per month</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">
                Joiners
              </th>
              <th scope="col" className="num">
                Leavers
              </th>
              <th scope="col" className="num">
                Rehires
              </th>
            </tr>
          </thead>
          <tbody>
            {[...months].reverse().map((m) => (
              <tr key={m.month}>
                <th scope="row">{formatMonth(m.month)}</th>
                <td className="num">{formatCount(m.joiners)}</td>
                <td className="num">{formatCount(m.leavers)}</td>
                <td className="num">{formatCount(m.rehires)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    />
  );
}

export function HistoryChartsPanel() {
  const charts = useIpcQuery<Charts>(historyCharts);
  if (charts.status === "loading") {
    return (
      <p className="history-loading" role="status">
        <Spinner /> Working out the charts from history…
      </p>
    );
  }
  if (charts.status === "failed") {
    return (
      <ErrorCallout
        error={charts.error}
        testId="charts-error"
        onRetry={charts.retry}
      />
    );
  }
  if (charts.data.headcount.length === 0) {
    return (
      <section className="panel" aria-labelledby="charts-empty-title" data-testid="charts-empty">
        <span className="panel__icon">
          <HistoryIcon size={20} />
        </span>
        <h3 id="charts-empty-title" className="panel__title">
          Nothing to chart yet
        </h3>
        <p className="panel__text">
          The charts are worked out from applied imports. Preview an import on Review and approve it; headcount and
          joiners and leavers per month appear here after that.
        </p>
        <div className="panel__actions">
          <a href={hrefFor("review")} className={buttonClass("primary")}>
            Go to Review
          </a>
        </div>
      </section>
    );
  }
  return (
    <div className="chart-grid">
      <HeadcountChart points={charts.data.headcount} baseline={charts.data.baseline} />
      <FlowsChart months={charts.data.months} baseline={charts.data.baseline} />
    </div>
  );
}
