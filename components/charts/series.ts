// Labels and colours of the chart series: every chart that draws arches uses these, so amd64 has one
// colour everywhere.
export const ARCH_SERIES: Record<string, { label: string; color: string }> = {
  amd64: { label: "amd64", color: "#2563eb" },
  arm64: { label: "arm64", color: "#059669" },
  ppc64le: { label: "ppc64le", color: "#d97706" },
  s390x: { label: "s390x", color: "#7c3aed" },
  source: { label: "source", color: "#64748b" },
  shared: { label: "shared", color: "#db2777" },
};

export function archSeries(arch: string): { key: string; label: string; color: string } {
  return { key: arch, ...(ARCH_SERIES[arch] ?? { label: arch, color: "#0f172a" }) };
}
