import type { ScreenInfo } from '../../screens'

export function Placeholder({ screen }: { screen: ScreenInfo }) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{screen.title}</h1>
      </header>
      <div className="empty-state" role="status">
        <div className="empty-icon" aria-hidden="true" />
        <p>{screen.empty}</p>
      </div>
    </section>
  )
}
