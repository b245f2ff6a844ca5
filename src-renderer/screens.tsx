// The screens in the left navigation, in order. Each later issue replaces a placeholder.
export interface ScreenInfo {
  path: string
  label: string
  title: string
  /** What the screen will hold, shown until it exists. */
  empty: string
}

export const SCREENS: ScreenInfo[] = [
  { path: 'payments', label: 'Payments', title: 'Payments', empty: 'Every payment on this computer, fast to search and filter, with the full detail and capture, void and refund. Payments appear here after the first sync.' },
  { path: 'risk', label: 'Risk', title: 'Flagged payments', empty: '' },
  { path: 'declines', label: 'Declines', title: 'Declines', empty: '' },
  { path: 'checks', label: 'Checks', title: 'AVS and CVV checks', empty: '' },
  { path: 'reconciliation', label: 'Reconciliation', title: 'Reconciliation', empty: '' },
  { path: 'charts', label: 'Charts', title: 'Approval rates', empty: '' },
  { path: 'new-payment', label: 'New payment', title: 'New phone payment (MOTO)', empty: '' },
  { path: 'settings', label: 'Settings', title: 'Settings', empty: '' },
]
