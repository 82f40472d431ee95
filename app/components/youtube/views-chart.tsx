// Daily views as a small inline SVG bar chart: the days before the change
// grey, the change day and after it in the brand colour. No chart library.

type Day = { day: string; views: number | null };

export function ViewsChart({ days, changeDay }: { days: Day[]; changeDay: string }) {
  const width = 560;
  const height = 160;
  const top = 12;
  const bottom = 28;
  const max = Math.max(1, ...days.map((d) => d.views ?? 0));
  const slot = width / Math.max(1, days.length);
  const bar = Math.max(4, slot * 0.7);
  const changeIndex = days.findIndex((d) => d.day === changeDay);
  const label = days.map((d) => `${d.day}: ${d.views === null ? "no data yet" : `${d.views} views`}`).join("; ");
  return (
    <figure data-testid="views-chart">
      <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full max-w-xl" role="img" aria-label={`Daily views. ${label}`}>
        {changeIndex >= 0 ? (
          <line x1={changeIndex * slot} x2={changeIndex * slot} y1={0} y2={height - bottom} stroke="currentColor" strokeDasharray="4 3" className="text-amber-300" />
        ) : null}
        {days.map((d, i) => {
          const h = d.views === null ? 0 : ((height - top - bottom) * d.views) / max;
          const after = changeIndex >= 0 && i >= changeIndex;
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.views === null ? "no data yet" : `${d.views} views`}`}</title>
              <rect x={i * slot + (slot - bar) / 2} y={height - bottom - h} width={bar} height={h} rx={2} className={after ? "fill-brand-500" : "fill-zinc-500"} />
              {i % 2 === 0 ? (
                <text x={i * slot + slot / 2} y={height - 10} textAnchor="middle" className="fill-zinc-400 text-[10px]">
                  {d.day.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 text-xs text-zinc-400">
        Grey: the 7 days before the change. Coloured: from the change on (the dashed line). YouTube's numbers arrive a day or two late.
      </figcaption>
    </figure>
  );
}
