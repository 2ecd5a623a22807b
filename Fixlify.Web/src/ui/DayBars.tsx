/**
 * A few days' counts as labelled bars: each day's count above its bar and the weekday below, the tallest bar the
 * chart's full height (an empty day a hairline), so seven days read at a glance on a card. `label` says it in words.
 */
export function DayBars({ days, label }: { days: { day: string; count: number }[]; label: string }) {
  const highest = Math.max(1, ...days.map((d) => d.count));
  return (
    <div className="day-bars" role="img" aria-label={label}>
      {days.map(({ day, count }) => (
        <div key={day} className="day-bar" aria-hidden="true">
          <span className="day-bar-count">{count}</span>
          <span className="day-bar-track">
            <span className="day-bar-fill" style={{ height: `${Math.max(count > 0 ? 8 : 2, (count / highest) * 100)}%` }} />
          </span>
          <span className="day-bar-day">{day}</span>
        </div>
      ))}
    </div>
  );
}
