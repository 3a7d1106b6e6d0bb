import type { CSSProperties } from 'react';

// Inline styles only: Outlook (Word engine) and Gmail drop <style> blocks in places and ignore most modern CSS.
// Layout comes from React Email's table-based components; these styles stay within what Outlook renders:
// colors, borders, padding, font sizes. System fonts, so nothing is downloaded.

export const FONT = "'Segoe UI', -apple-system, BlinkMacSystemFont, Roboto, 'Helvetica Neue', Arial, sans-serif";

export const COLORS = {
  text: '#242424',
  muted: '#616161',
  border: '#e0e0e0',
  page: '#f5f5f5',
  card: '#ffffff',
  link: '#0f6cbd',
  testBackground: '#fff9e5',
  testBorder: '#8a6d00',
} as const;

export const styles = {
  body: { backgroundColor: COLORS.page, fontFamily: FONT, color: COLORS.text, margin: 0, padding: '16px 0' },
  container: { backgroundColor: COLORS.card, border: `1px solid ${COLORS.border}`, maxWidth: '600px' },
  section: { padding: '0 24px' },
  eyebrow: { fontSize: '12px', lineHeight: '16px', color: COLORS.muted, margin: '16px 0 4px', fontWeight: 600 },
  heading: { fontSize: '20px', lineHeight: '28px', margin: '0 0 8px', fontWeight: 600, wordBreak: 'break-word' },
  paragraph: { fontSize: '14px', lineHeight: '20px', margin: '0 0 12px' },
  small: { fontSize: '12px', lineHeight: '16px', color: COLORS.muted, margin: '4px 0 12px' },
  label: { fontSize: '13px', lineHeight: '18px', color: COLORS.muted, padding: '4px 12px 4px 0', width: '140px', verticalAlign: 'top' },
  value: { fontSize: '13px', lineHeight: '18px', padding: '4px 0', verticalAlign: 'top', wordBreak: 'break-word' },
  subheading: { fontSize: '15px', lineHeight: '20px', fontWeight: 600, margin: '16px 0 8px' },
  hr: { borderColor: COLORS.border, margin: '16px 0' },
  button: {
    backgroundColor: COLORS.link,
    color: '#ffffff',
    fontSize: '14px',
    fontWeight: 600,
    padding: '10px 16px',
    borderRadius: '4px',
    textDecoration: 'none',
  },
  footer: { fontSize: '12px', lineHeight: '16px', color: COLORS.muted, margin: '0', padding: '12px 24px 16px' },
} satisfies Record<string, CSSProperties>;
