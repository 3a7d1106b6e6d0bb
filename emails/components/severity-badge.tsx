import type { CSSProperties } from 'react';

// Severity is marked by color AND by its word: color alone fails for color-blind readers, in plain text and in
// clients that strip backgrounds. Each pair keeps at least 4.5:1 contrast (WCAG AA for small text).
const SEVERITY_COLORS: Record<string, { background: string; color: string }> = {
  high: { background: '#c50f1f', color: '#ffffff' },
  medium: { background: '#b4470a', color: '#ffffff' },
  low: { background: '#fce100', color: '#1b1a19' },
  informational: { background: '#0f6cbd', color: '#ffffff' },
};
const UNKNOWN = { background: '#616161', color: '#ffffff' };

export function severityColors(severity: string): { background: string; color: string } {
  return Object.hasOwn(SEVERITY_COLORS, severity) ? SEVERITY_COLORS[severity]! : UNKNOWN;
}

type Props = { severity: string; label: string };

/** A filled label; a <span> with padding renders as a colored box in Outlook too. */
export function SeverityBadge({ severity, label }: Props) {
  const { background, color } = severityColors(severity);
  const style: CSSProperties = {
    backgroundColor: background,
    color,
    fontSize: '12px',
    lineHeight: '16px',
    fontWeight: 700,
    padding: '2px 8px',
    borderRadius: '3px',
    whiteSpace: 'nowrap',
  };
  return <span style={style}>{label}</span>;
}
