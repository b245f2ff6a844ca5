import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react'
import { HashRouter, Navigate, NavLink, Outlet, Route, Routes } from 'react-router'
import { AppDataProvider, useCall } from './lib/queries'
import { SCREENS } from './screens'
import { Placeholder } from './screens/placeholders/Placeholder'

// Each screen is its own chunk, loaded when first opened, so the first screen's JS stays small.
const SCREEN_MODULES: Record<string, LazyExoticComponent<ComponentType>> = {
  payments: lazy(() => import('./screens/payments/PaymentsScreen')),
  settings: lazy(() => import('./screens/settings/SettingsScreen')),
  reconciliation: lazy(() => import('./screens/reconciliation/ReconciliationScreen')),
  risk: lazy(() => import('./screens/risk/RiskScreen')),
  declines: lazy(() => import('./screens/insights/DeclinesScreen')),
  checks: lazy(() => import('./screens/insights/ChecksScreen')),
  charts: lazy(() => import('./screens/charts/ChartsScreen')),
  'new-payment': lazy(() => import('./screens/new-payment/NewPaymentScreen')),
}
const PaymentDetailScreen = lazy(() => import('./screens/payment-detail/PaymentDetailScreen'))
const WeeklyReport = lazy(() => import('./screens/charts/WeeklyReport'))

const ACCOUNT_BADGES = {
  simulator: { label: 'Simulator', title: 'The built-in Checkout.com simulator on this computer: no real money.' },
  sandbox: { label: 'Sandbox', title: 'Your Checkout.com sandbox account: test cards, no real money.' },
  production: { label: 'LIVE', title: 'Your live Checkout.com account: real payments and real money.' },
} as const

/** Which account every screen is looking at, always in view. */
function AccountBadge() {
  const { data: settings } = useCall('settings.get', {})
  if (!settings) return null
  const badge = ACCOUNT_BADGES[settings.environment]
  return (
    <span className={`account-badge ${settings.environment}`} title={badge.title} aria-label={`Account: ${badge.label}`}>
      {badge.label}
    </span>
  )
}

function Layout() {
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">P</span>
          <span>Paydesk</span>
        </div>
        <AccountBadge />
        <ul>
          {SCREENS.map((screen) => (
            <li key={screen.path}>
              <NavLink to={`/${screen.path}`} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
                {screen.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        <Suspense fallback={<p className="subtitle loading">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  )
}

// Hash routes work the same from app://paydesk/ and from the browser host, and keep a
// screen's state in the address so a view can be bookmarked. (The declarative router: the
// data router's loaders are not used, and it costs twice the code.)
export function App() {
  return (
    <AppDataProvider>
      <HashRouter>
        <Routes>
          <Route path="/" element={<Layout />}>
            <Route index element={<Navigate to="/payments" replace />} />
            {SCREENS.map((screen) => {
              const Screen = SCREEN_MODULES[screen.path]
              return <Route key={screen.path} path={screen.path} element={Screen ? <Screen /> : <Placeholder screen={screen} />} />
            })}
            <Route path="payments/:id" element={<PaymentDetailScreen />} />
            <Route path="charts/weekly" element={<WeeklyReport />} />
            <Route path="*" element={<Navigate to="/payments" replace />} />
          </Route>
        </Routes>
      </HashRouter>
    </AppDataProvider>
  )
}
