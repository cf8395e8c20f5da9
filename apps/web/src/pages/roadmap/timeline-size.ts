/** The timeline's fixed sizes (px): the label column and the time axis. */
export const LABEL_WIDTH = 280
export const AXIS_HEIGHT = 52
