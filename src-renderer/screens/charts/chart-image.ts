// A chart on screen as a PNG: its SVG drawn on a canvas at twice its size, on white, with a
// title line (what it counts, the days and the zone) so the image says what it shows on its own.

const SCALE = 2
const TITLE_HEIGHT = 28

export async function chartPng(svg: SVGSVGElement, title: string): Promise<string> {
  const { width, height } = svg.getBoundingClientRect()
  const copy = svg.cloneNode(true) as SVGSVGElement
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  copy.setAttribute('width', String(width))
  copy.setAttribute('height', String(height))
  // Text takes the page's font where the SVG names none.
  copy.setAttribute('font-family', getComputedStyle(svg).fontFamily)
  copy.setAttribute('font-size', '12')
  const source = new XMLSerializer().serializeToString(copy)
  const image = new Image()
  image.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(source)))}`
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = Math.ceil(width * SCALE)
  canvas.height = Math.ceil((height + TITLE_HEIGHT) * SCALE)
  const context = canvas.getContext('2d')
  if (!context) throw new Error('This browser cannot draw the chart as an image.')
  context.scale(SCALE, SCALE)
  context.fillStyle = '#ffffff'
  context.fillRect(0, 0, width, height + TITLE_HEIGHT)
  context.fillStyle = '#111827'
  context.font = `600 13px ${getComputedStyle(svg).fontFamily}`
  context.fillText(title, 8, 18, width - 16)
  context.drawImage(image, 0, TITLE_HEIGHT, width, height)
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '')
}
