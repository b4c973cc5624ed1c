//! A small Nelder–Mead minimiser and a seeded random source, written here so that fits are
//! reproducible and need nothing beyond the standard library.

/// Minimises `f` from `start` with the Nelder–Mead simplex (reflection 1, expansion 2,
/// contraction 1/2, shrink 1/2), each coordinate kept within `bounds` by clamping. Stops
/// when the simplex's values differ by less than `tol` or after `max_evals` evaluations.
/// Returns the best point and its value.
pub fn nelder_mead(
    f: impl Fn(&[f64]) -> f64,
    start: &[f64],
    step: f64,
    bounds: &[(f64, f64)],
    tol: f64,
    max_evals: usize,
) -> (Vec<f64>, f64) {
    let n = start.len();
    let clamp = |x: &mut Vec<f64>| {
        for (v, (lo, hi)) in x.iter_mut().zip(bounds) {
            *v = v.clamp(*lo, *hi);
        }
    };
    let eval = |x: &[f64]| {
        let v = f(x);
        if v.is_finite() { v } else { f64::MAX }
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    let mut x0 = start.to_vec();
    clamp(&mut x0);
    simplex.push((x0.clone(), eval(&x0)));
    for i in 0..n {
        let mut x = x0.clone();
        // Step inward when the start sits on the upper bound, so the simplex has volume.
        x[i] += if x[i] + step > bounds[i].1 {
            -step
        } else {
            step
        };
        clamp(&mut x);
        let v = eval(&x);
        simplex.push((x, v));
    }
    let mut evals = n + 1;
    while evals < max_evals {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, worst) = (simplex[0].1, simplex[n].1);
        if (worst - best).abs() <= tol * (1.0 + best.abs()) {
            break;
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|p| p.0[j]).sum::<f64>() / n as f64)
            .collect();
        let toward = |t: f64| {
            let mut x: Vec<f64> = (0..n)
                .map(|j| centroid[j] + t * (simplex[n].0[j] - centroid[j]))
                .collect();
            clamp(&mut x);
            x
        };
        let reflected = toward(-1.0);
        let fr = eval(&reflected);
        evals += 1;
        if fr < simplex[0].1 {
            let expanded = toward(-2.0);
            let fe = eval(&expanded);
            evals += 1;
            simplex[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            let contracted = if fr < simplex[n].1 {
                toward(-0.5)
            } else {
                toward(0.5)
            };
            let fc = eval(&contracted);
            evals += 1;
            if fc < fr.min(simplex[n].1) {
                simplex[n] = (contracted, fc);
            } else {
                let best = simplex[0].0.clone();
                for p in simplex.iter_mut().skip(1) {
                    let mut x: Vec<f64> =
                        p.0.iter()
                            .zip(&best)
                            .map(|(a, b)| b + 0.5 * (a - b))
                            .collect();
                    clamp(&mut x);
                    p.1 = eval(&x);
                    p.0 = x;
                }
                evals += n;
            }
        }
    }
    simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
    simplex.swap_remove(0)
}

/// SplitMix64: a small, fast, seeded generator (enough for forecast paths and tests).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A Poisson draw: inversion for small means; a large mean is split into parts of at
    /// most 30 (a sum of Poissons is Poisson), which keeps inversion exact and cheap.
    pub fn poisson(&mut self, mean: f64) -> u64 {
        if !(mean.is_finite() && mean > 0.0) {
            return 0;
        }
        let parts = (mean / 30.0).ceil().max(1.0);
        let part = mean / parts;
        (0..parts as u64).map(|_| self.poisson_small(part)).sum()
    }

    fn poisson_small(&mut self, mean: f64) -> u64 {
        let u = self.uniform();
        let mut k = 0u64;
        let mut p = (-mean).exp();
        let mut cdf = p;
        while u > cdf && k < 1000 {
            k += 1;
            p *= mean / k as f64;
            cdf += p;
        }
        k
    }

    /// A negative-binomial (NB2) draw as a gamma–Poisson mixture.
    pub fn negative_binomial(&mut self, mean: f64, dispersion: f64) -> u64 {
        if dispersion <= 1e-9 {
            return self.poisson(mean);
        }
        let shape = 1.0 / dispersion;
        let rate = self.gamma(shape) / shape;
        self.poisson(mean * rate)
    }

    /// A standard normal draw (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform().max(1e-300);
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }

    /// A Gamma(shape, 1) draw (Marsaglia and Tsang; boosted for shape below 1).
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = self.uniform().max(1e-300);
            return self.gamma(shape + 1.0) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nelder_mead_finds_a_quadratic_minimum_within_bounds() {
        let f = |x: &[f64]| (x[0] - 1.0).powi(2) + 3.0 * (x[1] + 2.0).powi(2);
        let (x, v) = nelder_mead(
            f,
            &[0.0, 0.0],
            0.5,
            &[(-5.0, 5.0), (-5.0, 5.0)],
            1e-12,
            2000,
        );
        assert!((x[0] - 1.0).abs() < 1e-3 && (x[1] + 2.0).abs() < 1e-3 && v < 1e-6);
        let (x, _) = nelder_mead(
            f,
            &[0.0, 0.0],
            0.5,
            &[(-5.0, 0.5), (-5.0, 5.0)],
            1e-12,
            2000,
        );
        assert!((x[0] - 0.5).abs() < 1e-3);
    }

    #[test]
    fn poisson_draws_have_their_mean() {
        let mut rng = Rng::new(7);
        for mean in [0.3, 4.0, 75.0] {
            let n = 20_000;
            let avg = (0..n).map(|_| rng.poisson(mean) as f64).sum::<f64>() / n as f64;
            assert!((avg - mean).abs() < 0.05 * mean + 0.02, "{mean}: {avg}");
        }
        let n = 20_000;
        let draws: Vec<f64> = (0..n)
            .map(|_| rng.negative_binomial(5.0, 0.5) as f64)
            .collect();
        let m = draws.iter().sum::<f64>() / n as f64;
        let v = draws.iter().map(|d| (d - m).powi(2)).sum::<f64>() / n as f64;
        assert!((m - 5.0).abs() < 0.2 && (v - 17.5).abs() < 2.0, "{m} {v}");
    }
}
