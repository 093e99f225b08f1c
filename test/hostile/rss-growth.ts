/** The highest RSS of this process seen while `work` runs, minus the RSS before it. */
export async function rssGrowth<T>(work: () => Promise<T>): Promise<{ growth: number; outcome: T | unknown }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  let outcome: T | unknown;
  try {
    outcome = await work();
  } catch (err) {
    outcome = err;
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  return { growth: peak - before, outcome };
}
