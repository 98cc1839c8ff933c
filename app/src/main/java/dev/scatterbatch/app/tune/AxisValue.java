package dev.scatterbatch.app.tune;

/**
 * One value of a sweep axis.
 *
 * @param text   the value as applied ({@code --set}-style text: {@code 20us}, {@code 8}, {@code guest})
 * @param number the value as a number in the axis's unit (ns, bytes, the number), or its position in the list
 *               for a choice
 */
public record AxisValue(String text, double number) {
}
