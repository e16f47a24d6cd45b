// web/complaint-widget.d.ts — types of the widget's ES module (DESIGN §6): the <complaint-widget>
// element, mount() and its handle, the events and their details.

/** Options of mount(); each maps to the attribute of the same meaning. */
export interface MountOptions {
  /** API root, default "/api/v1" (attribute `api-base`). */
  apiBase?: string;
  /** "zh-CN" (default) or "en" (attribute `lang`). */
  lang?: 'zh-CN' | 'en' | string;
  /** Start screen (attribute `mode`). "gallery" shows the widget kit (development only). */
  mode?: 'home' | 'file' | 'track' | 'survey' | 'gallery';
  /** Acceptance number to open in `track` or `survey` mode (attribute `acceptance-no`). */
  acceptanceNo?: string;
  /** Brand colour "#rrggbb" or "#rgb", e.g. "#0a6cff" (attribute `theme-color`). */
  themeColor?: string;
  /** 关怀模式: larger text, higher contrast (boolean attribute `care-mode`). */
  careMode?: boolean;
  /** Contact details the host already knows; the customer can still change them. */
  prefill?: PrefillData;
}

export interface PrefillData {
  name?: string;
  phone?: string;
}

/** stats(): frame counts and costs, for hosts that watch battery and performance. */
export interface WidgetStats {
  /** Frames drawn since start (none while idle). */
  frames: number;
  /** CPU time per frame over the last 600 frames, in milliseconds. */
  frameCpuMs: {last: number; median: number; p95: number};
  /** Size of the wasm heap in bytes. */
  heapBytes: number;
  /** Glyphs rasterized into the atlas so far. */
  glyphs: number;
}

/** Methods shared by the element and the handle mount() returns. */
export interface ComplaintWidgetMethods {
  /** Opens the filing wizard. */
  file(): void;
  /** Opens the progress of a complaint (its acceptance number, any accepted spelling). */
  track(acceptanceNo: string): void;
  /** Opens the follow-up survey with the token from the follow-up message. */
  openSurvey(acceptanceNo: string, token: string): void;
  /** Pre-fills contact details (name, phone). */
  prefill(data: PrefillData): void;
  stats(): WidgetStats;
  /** Stops the widget, releases its WebGL context and removes the element. */
  destroy(): void;
}

export interface ComplaintWidgetHandle extends ComplaintWidgetMethods {
  readonly element: ComplaintWidgetElement;
  /** Resolves after the first frame (when `complaint:ready` fires). */
  readonly ready: Promise<ComplaintWidgetElement>;
}

/** Event details (DESIGN §6); events bubble and are composed, prefixed "complaint:". */
export interface ComplaintEventMap {
  'complaint:ready': CustomEvent<Record<string, never>>;
  'complaint:submitted': CustomEvent<{acceptance_no: string; client_ref: string}>;
  'complaint:queued': CustomEvent<{client_ref: string}>;
  'complaint:status': CustomEvent<{acceptance_no: string; status: string}>;
  'complaint:survey-submitted': CustomEvent<{acceptance_no: string}>;
  'complaint:error': CustomEvent<{code: string; message: string}>;
}

/** What a WebView's native side receives: JSON.stringify(BridgeMessage). */
export interface BridgeMessage<K extends keyof ComplaintEventMap = keyof ComplaintEventMap> {
  type: K;
  detail: ComplaintEventMap[K]['detail'];
}

export declare class ComplaintWidgetElement extends HTMLElement implements ComplaintWidgetMethods {
  static readonly observedAttributes: string[];
  /** Resolves after the first frame. */
  readonly ready: Promise<ComplaintWidgetElement>;
  file(): void;
  track(acceptanceNo: string): void;
  openSurvey(acceptanceNo: string, token: string): void;
  prefill(data: PrefillData): void;
  stats(): WidgetStats;
  destroy(): void;
  addEventListener<K extends keyof ComplaintEventMap>(type: K,
    listener: (this: ComplaintWidgetElement, ev: ComplaintEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
}

/** Creates a <complaint-widget> inside `element` and returns its handle. */
export declare function mount(element: Element, options?: MountOptions): ComplaintWidgetHandle;

declare global {
  interface HTMLElementTagNameMap {
    'complaint-widget': ComplaintWidgetElement;
  }
  interface DocumentEventMap extends ComplaintEventMap {}
  interface Window {
    /** Android: the object added with addJavascriptInterface(obj, "ComplaintBridge"). */
    ComplaintBridge?: {postMessage(message: string): void};
  }
}
