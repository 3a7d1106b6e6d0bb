import { Text } from '@react-email/components';
import { COLORS } from './styles';

type Props = { title: string; explanation: string };

/** First thing in a test email, so nobody starts an investigation because of it. */
export function TestBanner({ title, explanation }: Props) {
  return (
    <table role="presentation" cellPadding={0} cellSpacing={0} border={0} width="100%">
      <tbody>
        <tr>
          <td
            style={{
              backgroundColor: COLORS.testBackground,
              borderLeft: `4px solid ${COLORS.testBorder}`,
              padding: '12px 16px',
            }}
          >
            <Text style={{ fontSize: '14px', lineHeight: '20px', fontWeight: 700, margin: '0 0 4px' }}>{title}</Text>
            <Text style={{ fontSize: '13px', lineHeight: '18px', margin: 0 }}>{explanation}</Text>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
