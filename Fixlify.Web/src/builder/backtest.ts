import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { components } from "../api/schema";
import { startOfDayIn } from "../ui/format";

export type Backtest = components["schemas"]["Backtest"];

/** A backtest's period as the office picks it: calendar days of the organization's zone ("2026-03-03"), both included. */
export interface BacktestDays {
  from: string;
  to: string;
}

/** How many days back the backtest looks unless told otherwise. */
export const defaultDays = 30;

/** `day` ("2026-03-03") moved by `days` calendar days. */
export function addDaysTo(day: string, days: number): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year!, month! - 1, date! + days)).toISOString().slice(0, 10);
}

/** The last 30 days: from the day 30 days before today to today, in the organization's zone. */
export function defaultBacktestDays(now: Date, timeZone: string): BacktestDays {
  const today = format(new TZDate(now.getTime(), timeZone), "yyyy-MM-dd");
  return { from: addDaysTo(today, -defaultDays), to: today };
}

/**
 * The instants the API takes (`from` included, `to` excluded): the start of the first day and the end of the last, in
 * the organization's zone; a period reaching past now ends now (a backtest looks back). The API checks the rest (order,
 * at most 92 days) and names the field.
 */
export function backtestPeriod(days: BacktestDays, timeZone: string, now: Date): { from: string; to: string } {
  const from = startOfDayIn(days.from, timeZone);
  const end = startOfDayIn(addDaysTo(days.to, 1), timeZone);
  return { from, to: new Date(end) > now ? now.toISOString() : end };
}

/** One line of a backtest's figures: what, and how many. */
export interface Figure {
  label: string;
  count: number;
}

/** A group of figures under its title; `empty`: what to say when it has none. */
export interface FigureGroup {
  title: string;
  figures: Figure[];
  empty?: string;
}

/**
 * A backtest's figures by group, in the order they are shown; a group of zeros still shows (a zero is an answer), and
 * the would-fail reasons come last, most frequent first as the API orders them.
 */
export function backtestFigures(report: Backtest): FigureGroup[] {
  return [
    {
      title: "Executions",
      figures: [
        { label: "Trigger events in the period", count: report.events },
        { label: "Executions that would have started", count: report.executions },
        { label: "Not started: filtered out", count: report.notStarted.filteredOut },
        { label: "Not started: caused by an automation", count: report.notStarted.automationOrigin },
        { label: "Not started: chain too deep", count: report.notStarted.chainTooDeep },
        { label: "Would complete", count: report.outcomes.wouldComplete },
        { label: "Would fail", count: report.outcomes.wouldFail },
        { label: "Would stop: the automation's goal was met", count: report.outcomes.wouldStop },
      ],
    },
    {
      title: "Messages per channel",
      figures: [
        { label: "Emails", count: report.messages.email },
        { label: "Texts", count: report.messages.sms },
        { label: "Push notifications", count: report.messages.push },
        { label: "Webhooks", count: report.messages.webhook },
        { label: "Deferred by quiet hours", count: report.deferredByQuietHours },
      ],
    },
    {
      title: "Suppressed",
      figures: [
        { label: "Suppressed in all", count: report.suppressed.total },
        { label: "Opted out", count: report.suppressed.optedOut },
        { label: "Daily cap reached", count: report.suppressed.dailyCap },
        { label: "No address", count: report.suppressed.noAddress },
        { label: "Other reasons", count: report.suppressed.other },
      ],
    },
    {
      title: "Text messages",
      figures: [
        { label: "Texts in GSM-7", count: report.sms.gsm7 },
        { label: "Texts in UCS-2", count: report.sms.ucs2 },
        { label: "SMS segments", count: report.sms.segments },
      ],
    },
    {
      title: "Would fail, by reason",
      figures: report.wouldFail.map((failure) => ({ label: failure.reason, count: failure.count })),
      empty: "No step would fail.",
    },
  ];
}
