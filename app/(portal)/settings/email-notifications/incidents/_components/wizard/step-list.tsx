'use client';

import { useTranslations } from 'next-intl';
import { Button, makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, Circle20Regular, Circle20Filled } from '@fluentui/react-icons';
import { WIZARD_STEPS } from './steps';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minHeight: '32px',
    paddingInlineStart: tokens.spacingHorizontalS,
    borderInlineStartWidth: tokens.strokeWidthThick,
    borderInlineStartStyle: 'solid',
    borderInlineStartColor: 'transparent',
  },
  current: { borderInlineStartColor: tokens.colorBrandStroke1 },
  done: { color: tokens.colorBrandForeground1 },
  stepButton: { paddingInline: 0, minWidth: 0, justifyContent: 'flex-start' },
});

export type StepListProps = {
  current: number;
  // The furthest step reached so far: steps up to it can be opened directly.
  furthest: number;
  onSelect: (step: number) => void;
};

// <StepList current furthest onSelect />: the wizard's visible steps; the current one carries aria-current="step".
export function StepList({ current, furthest, onSelect }: StepListProps) {
  const t = useTranslations('rules.wizard');
  const styles = useStyles();
  return (
    <nav aria-label={t('stepsLabel')}>
      <ol className={styles.list}>
        {WIZARD_STEPS.map((step, index) => {
          const label = t(`steps.${step.id}`);
          const isCurrent = index === current;
          const icon =
            index < current ? (
              <CheckmarkCircle20Filled className={styles.done} aria-hidden />
            ) : isCurrent ? (
              <Circle20Filled className={styles.done} aria-hidden />
            ) : (
              <Circle20Regular aria-hidden />
            );
          return (
            <li
              key={step.id}
              aria-current={isCurrent ? 'step' : undefined}
              className={mergeClasses(styles.item, isCurrent && styles.current)}
            >
              {icon}
              {!isCurrent && index <= furthest ? (
                <Button appearance="transparent" className={styles.stepButton} onClick={() => onSelect(index)}>
                  {label}
                </Button>
              ) : (
                <Text weight={isCurrent ? 'semibold' : 'regular'}>{label}</Text>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
