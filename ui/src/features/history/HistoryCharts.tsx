// Charts computed from history: headcount after each applied import, and joiners and leavers per month. Each
// has a sentence that says what it shows and a "Show as table" switch to the same numbers as a real table;
// colours are the change kinds' (joiners = new, leavers = deactivated) and the legend names every series.
import { useId, useState, type ReactNode } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { HeadcountPoint, HistoryCharts as Charts, MonthFlow } from "../../ipc/bindings";
import { historyCharts } from "../../ipc/client";
import { formatCount } from "../../shared/formatCount";
import { formatDay } from "../../shared/relativeTime";
import { HistoryIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { buttonClass } from "../../shared/ui/buttonClass";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import { useIpcQuery } from "../../shared/useIpcQuery";
import { formatMonth } from "./dates";

/** "Headcount 612 on 9 Mar 2026, up 14 since 5 Jan 2026." */
export function headcountSummary(points: readonly HeadcountPoint[]): string {
  if (points.length === 0) return "No import has been applied yet, so there is no headcount to show.";
  const last = points[points.length - 1];
  const first = points[0];
  const now = `Headcount ${formatCount(last.headcount)} on ${formatDay(last.date)}`;
  if (points.length === 1) return `${now}, after the only applied import.`;
  const delta = last.headcount - first.headcount;
  const change = delta === 0 ? "the same as" : `${delta > 0 ? "up" : "down"} ${formatCount(Math.abs(delta))} since`;
  const low = Math.min(...points.map((p) => p.headcount));
  const high = Math.max(...points.map((p) => p.headcount));
  return `${now}, ${change}${delta === 0 ? " on" : ""} ${formatDay(first.date)}. Lowest ${formatCount(low)}, highest ${formatCount(high)} over ${formatCount(points.length)} applied imports.`;
}

/** "From Dec 2025 to Nov 2026: 48 joiners, 31 leavers and 3 rehires; most joiners in Sep 2026 (12)." (last 12 months) */
export function flowSummary(months: readonly MonthFlow[]): string {
  if (months.length === 0) return "No one has joined or left yet: applied imports with joiners or leavers show here.";
  const recent = months.slice(-12);
  const sum = (pick: (m: MonthFlow) => number) => recent.reduce((n, m) => n + pick(m), 0);
  const busiest = recent.reduce((best, m) => (m.joiners > best.joiners ? m : best), recent[0]);
  const span = recent.length === 1 ? `In ${formatMonth(recent[0].month)}` : `From ${formatMonth(recent[0].month)} to ${formatMonth(recent[recent.length - 1].month)}`;
  const rehires = sum((m) => m.rehires);
  return (
    `${span}: ${formatCount(sum((m) => m.joiners))} joiners, ${formatCount(sum((m) => m.leavers))} leavers and ` +
    `${formatCount(rehires)} ${rehires === 1 ? "rehire" : "rehires"}; most joiners in ${formatMonth(busiest.month)} (${formatCount(busiest.joiners)}).`
  );
}

const axisTick = { fill: "var(--color-text-muted)", fontSize: 12 };
const tooltipStyle = {
  background: "var(--color-surface)",
  border: "1px solid var(--color-border)",
  borderRadius: 6,
  color: "var(--color-text)",
  fontSize: 12,
};

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

function HeadcountChart({ points }: { points: readonly HeadcountPoint[] }) {
  const data = points.map((p) => ({ ...p, label: formatDay(p.date) }));
  return (
    <ChartCard
      title="Headcount over time"
      summary={headcountSummary(points)}
      testId="chart-headcount"
      chart={
        <ResponsiveContainer width="100%" height={240}>
          <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--color-border)" vertical={false} />
            <XAxis dataKey="label" tick={axisTick} tickLine={false} axisLine={{ stroke: "var(--color-border)" }} minTickGap={32} />
            <YAxis tick={axisTick} tickLine={false} axisLine={false} width={48} tickFormatter={formatCount} allowDecimals={false} />
            <Tooltip contentStyle={tooltipStyle} formatter={(value) => [formatCount(Number(value)), "Headcount"]} />
            <Legend wrapperStyle={{ fontSize: 12, color: "var(--color-text-muted)" }} />
            <Area
              type="monotone"
              dataKey="headcount"
              name="Headcount (active and on leave)"
              stroke="var(--color-accent)"
              fill="var(--color-accent-subtle)"
              strokeWidth={2}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
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

function FlowsChart({ months }: { months: readonly MonthFlow[] }) {
  const data = months.map((m) => ({ ...m, label: formatMonth(m.month) }));
  return (
    <ChartCard
      title="Joiners, leavers and rehires per month"
      summary={flowSummary(months)}
      testId="chart-flows"
      chart={
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} barGap={2}>
            <CartesianGrid stroke="var(--color-border)" vertical={false} />
            <XAxis dataKey="label" tick={axisTick} tickLine={false} axisLine={{ stroke: "var(--color-border)" }} minTickGap={16} />
            <YAxis tick={axisTick} tickLine={false} axisLine={false} width={40} tickFormatter={formatCount} allowDecimals={false} />
            <Tooltip contentStyle={tooltipStyle} cursor={{ fill: "var(--color-bg-subtle)" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="joiners" name="Joiners (new)" fill="var(--kind-new-fg)" isAnimationActive={false} />
            <Bar dataKey="leavers" name="Leavers (deactivated)" fill="var(--kind-deactivated-fg)" isAnimationActive={false} />
            <Bar dataKey="rehires" name="Rehires (reactivated)" fill="var(--kind-reactivated-fg)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
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
        action={
          <button type="button" className={buttonClass("secondary")} onClick={charts.retry}>
            Try again
          </button>
        }
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
      <HeadcountChart points={charts.data.headcount} />
      <FlowsChart months={charts.data.months} />
    </div>
  );
}
